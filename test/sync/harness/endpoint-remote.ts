import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { StartServerOptions } from '../../../src-server';

const SCRIPT = join(import.meta.dirname, 'endpoint-process.ts');
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface EndpointRemote {
  url: string;
  port: number;
  /** SIGKILL: no shutdown, no flush — what a power cut or OOM kill looks like to the store. */
  kill(): Promise<void>;
}

export async function startEndpointProcess(options: StartServerOptions): Promise<EndpointRemote> {
  const child = fork(SCRIPT, [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  const ready = await new Promise<{ url: string; port: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { url: string; port: number }));
    child.once('exit', (code) => reject(new Error(`endpoint process exited before ready (${code})`)));
  });
  return {
    ...ready,
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
