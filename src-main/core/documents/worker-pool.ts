import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { WorkerSpec } from './worker-spec';

/** The worker thread died (uncaught error, out of memory, killed) while running a task. */
export class WorkerCrashError extends Error {
  override readonly name = 'WorkerCrashError';
  constructor(
    message: string,
    readonly outOfMemory: boolean,
  ) {
    super(message);
  }
}

export class WorkerTimeoutError extends Error {
  override readonly name = 'WorkerTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`task exceeded ${timeoutMs} ms`);
  }
}

export interface PoolOptions {
  size: number;
  spec: WorkerSpec;
  resourceLimits?: ResourceLimits;
  /** Idle workers are stopped after this long, giving their memory back. */
  idleTimeoutMs: number;
}

export interface RunOptions<Reply> {
  onReply: (reply: Reply) => void;
  /** True for the reply that completes the task; its value resolves `run`. */
  isFinal: (reply: Reply) => boolean;
  signal?: AbortSignal;
  timeoutMs?: number;
}

interface Task<Reply> {
  options: RunOptions<Reply>;
  resolve: (reply: Reply) => void;
  reject: (error: unknown) => void;
  cleanup: () => void;
}

interface Slot {
  worker: Worker;
  /** Taken from the moment acquire() hands the slot out, before its task is attached. */
  busy: boolean;
  task: Task<unknown> | null;
  idleTimer: NodeJS.Timeout | null;
  /** Set once 'error' or 'exit' was seen; the slot is never reused. */
  dead: boolean;
}

/**
 * A bounded set of worker threads, one task per worker at a time. A worker that dies, times
 * out or is aborted fails only its own task and is replaced on demand; the pool stays usable.
 */
export class WorkerPool<Message, Reply> {
  private readonly slots = new Set<Slot>();
  private readonly waiting: (() => void)[] = [];
  private readonly freeListeners = new Set<() => void>();
  private closed = false;

  constructor(private readonly options: PoolOptions) {}

  /** Tasks that could start right now without waiting. */
  get free(): number {
    let busy = 0;
    for (const slot of this.slots) if (slot.busy) busy++;
    return this.options.size - busy;
  }

  /** Calls `listener` whenever a thread becomes free, so several batches can share the pool. */
  onFree(listener: () => void): () => void {
    this.freeListeners.add(listener);
    return () => this.freeListeners.delete(listener);
  }

  async run(message: Message, options: RunOptions<Reply>): Promise<Reply> {
    options.signal?.throwIfAborted();
    const slot = await this.acquire(options.signal);
    if (options.signal?.aborted) {
      this.release(slot);
      throw options.signal.reason;
    }
    return new Promise<Reply>((resolve, reject) => {
      const onAbort = () => this.fail(slot, options.signal?.reason ?? new Error('aborted'));
      const timer =
        options.timeoutMs !== undefined
          ? setTimeout(() => this.fail(slot, new WorkerTimeoutError(options.timeoutMs!)), options.timeoutMs)
          : null;
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const task: Task<Reply> = {
        options,
        resolve,
        reject,
        cleanup: () => {
          if (timer) clearTimeout(timer);
          options.signal?.removeEventListener('abort', onAbort);
        },
      };
      slot.task = task as Task<unknown>;
      slot.worker.ref();
      slot.worker.postMessage(message);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const stopping = [...this.slots].map((slot) => {
      this.fail(slot, new Error('the document estimator was closed'));
      return slot.worker.terminate();
    });
    this.slots.clear();
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.allSettled(stopping);
  }

  private async acquire(signal?: AbortSignal): Promise<Slot> {
    for (;;) {
      if (this.closed) throw new Error('the document estimator was closed');
      for (const slot of this.slots) {
        if (!slot.busy && !slot.dead) {
          if (slot.idleTimer) clearTimeout(slot.idleTimer);
          slot.idleTimer = null;
          slot.busy = true;
          return slot;
        }
      }
      if (this.slots.size < this.options.size) {
        const slot = this.spawn();
        slot.busy = true;
        return slot;
      }
      await new Promise<void>((wake) => {
        const onAbort = () => wake();
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiting.push(() => {
          signal?.removeEventListener('abort', onAbort);
          wake();
        });
      });
      signal?.throwIfAborted();
    }
  }

  private spawn(): Slot {
    const { spec, resourceLimits } = this.options;
    const worker = new Worker(spec.script, {
      eval: spec.eval,
      workerData: spec.workerData,
      resourceLimits,
    });
    const slot: Slot = { worker, busy: false, task: null, idleTimer: null, dead: false };
    worker.on('message', (reply: Reply) => {
      const task = slot.task as Task<Reply> | null;
      if (!task) return;
      task.options.onReply(reply);
      if (task.options.isFinal(reply)) {
        this.finish(slot);
        task.resolve(reply);
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const oom = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.retire(slot, new WorkerCrashError(error.message, oom));
    });
    worker.on('exit', (code) => {
      this.retire(slot, new WorkerCrashError(`the worker thread exited with code ${code}`, false));
    });
    this.slots.add(slot);
    return slot;
  }

  /** Ends the slot's task normally and parks the worker. */
  private finish(slot: Slot): void {
    slot.task?.cleanup();
    slot.task = null;
    this.release(slot);
  }

  private release(slot: Slot): void {
    slot.busy = false;
    slot.worker.unref();
    slot.idleTimer = setTimeout(() => {
      slot.dead = true;
      this.slots.delete(slot);
      void slot.worker.terminate();
    }, this.options.idleTimeoutMs);
    slot.idleTimer.unref();
    this.wakeOne();
  }

  /** Fails the running task (timeout, abort, close) by stopping its worker. */
  private fail(slot: Slot, reason: unknown): void {
    this.retire(slot, reason);
    void slot.worker.terminate();
  }

  private retire(slot: Slot, reason: unknown): void {
    slot.dead = true;
    slot.busy = false;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    this.slots.delete(slot);
    const task = slot.task;
    slot.task = null;
    if (task) {
      task.cleanup();
      task.reject(reason);
    }
    this.wakeOne();
  }

  private wakeOne(): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter();
    else for (const listener of [...this.freeListeners]) listener();
  }
}
