import type { JobKind, JobProgress } from '../../../src-shared/api/views';
import { ApiError } from '../../../src-shared/api/errors';
import type { EventBus } from '../events';

export interface JobHandle {
  readonly signal: AbortSignal;
  progress(update: Partial<Pick<JobProgress, 'done' | 'total' | 'unit' | 'label' | 'files'>>): void;
  /** Throws ApiError('cancelled') if the user cancelled, so loops stop at a safe point. */
  checkpoint(): void;
}

/** Progress events at most this often per job: enough for a smooth bar, cheap over IPC. */
const MIN_INTERVAL_MS = 100;

/**
 * Long work (imports, extraction, export) runs as a job the renderer can watch and cancel. The
 * renderer picks the job id, so it can subscribe before the call that starts the job returns.
 */
export class Jobs {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly events: EventBus,
    private readonly now: () => number = Date.now,
  ) {}

  async run<T>(
    jobId: string,
    kind: JobKind,
    label: string,
    work: (job: JobHandle) => Promise<T>,
  ): Promise<T> {
    if (this.running.has(jobId)) throw new ApiError('conflict', `Job ${jobId} is already running.`);
    const controller = new AbortController();
    this.running.set(jobId, controller);
    const state: JobProgress = { jobId, kind, phase: 'running', done: 0, total: null, unit: 'files', label };
    let lastSent = 0;
    const send = (force = false) => {
      const t = this.now();
      if (!force && t - lastSent < MIN_INTERVAL_MS) return;
      lastSent = t;
      this.events.emit('jobProgress', { ...state, files: state.files?.map((f) => ({ ...f })) });
    };
    const handle: JobHandle = {
      signal: controller.signal,
      progress(update) {
        Object.assign(state, update);
        send();
      },
      checkpoint() {
        if (controller.signal.aborted) throw new ApiError('cancelled', `${label} was cancelled.`);
      },
    };
    send(true);
    try {
      const result = await work(handle);
      state.phase = controller.signal.aborted ? 'cancelled' : 'done';
      return result;
    } catch (error) {
      state.phase = controller.signal.aborted ? 'cancelled' : 'failed';
      if (controller.signal.aborted && !(error instanceof ApiError)) {
        throw new ApiError('cancelled', `${label} was cancelled.`);
      }
      throw error;
    } finally {
      this.running.delete(jobId);
      send(true);
    }
  }

  cancel(jobId: string): boolean {
    const controller = this.running.get(jobId);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  /** Jobs running now (staged uploads they read must not expire under them). */
  get active(): number {
    return this.running.size;
  }

  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}
