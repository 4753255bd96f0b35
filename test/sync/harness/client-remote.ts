import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Command } from './client-process';

const SCRIPT = join(import.meta.dirname, 'client-process.ts');
const live = new Set<ChildProcess>();
// Child processes must not outlive a crashed or interrupted test worker.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** The test's handle on one client process. */
export class ClientRemote {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(
    readonly label: string,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (message: { id?: number; result?: unknown; error?: string }) => {
      if (message.id === undefined) return;
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.error) waiter?.reject(new Error(`${label}: ${message.error}`));
      else waiter?.resolve(message.result);
    });
    child.on('exit', (code, signal) => {
      live.delete(child);
      for (const waiter of this.waiting.values())
        waiter.reject(new Error(`${label} exited (${code ?? signal})`));
      this.waiting.clear();
    });
  }

  static async start(label: string): Promise<ClientRemote> {
    const child = fork(SCRIPT, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    live.add(child);
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`${label} failed to start (exit ${code})`)));
    });
    return new ClientRemote(label, child);
  }

  /** Called once the process has exited (killed, or on its own). */
  onExit(listener: () => void): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null) listener();
    else this.child.once('exit', () => listener());
  }

  call<T = unknown>(command: Command): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      // A process that just died (a SIGKILL the test asked for) rejects the call instead of throwing.
      this.child.send({ id, command }, (error) => {
        if (!error) return;
        this.waiting.delete(id);
        reject(new Error(`${this.label}: ${error.message}`));
      });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }
}
