import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(import.meta.dirname, '../../..');

export interface HostProcess {
  url: string;
  openUrl: string;
  token: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  alive(): boolean;
  /** Heap and RSS after a full collection (the host runs with --expose-gc). */
  memory(): Promise<{ rss: number; heapUsed: number }>;
  stop(): Promise<void>;
}

/** A stand-in renderer: the API tests need the host, not the React build. */
export function tinyRenderer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'creditdesk-renderer-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Creditdesk</title>');
  return dir;
}

/**
 * The real web host CLI in its own process (as `npm start` runs it without Electron), so a crash is
 * a dead process the test can see, not an exception the test runner swallows.
 */
export async function startHostProcess(options: {
  dataDir: string;
  rendererDir: string;
  port?: number;
}): Promise<HostProcess> {
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      'tsx',
      'src-main/web-host/cli.ts',
      '--data',
      options.dataDir,
      '--renderer',
      options.rendererDir,
      '--port',
      String(options.port ?? 0),
      '--json',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } },
  );
  let stderr = '';
  const memoryWaiters: ((m: { rss: number; heapUsed: number }) => void)[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (line.startsWith('{"memory"')) {
      memoryWaiters.shift()?.((JSON.parse(line) as { memory: { rss: number; heapUsed: number } }).memory);
    } else stderr += `${line}\n`;
  });
  const info = await new Promise<{ url: string; openUrl: string; token: string }>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`The web host did not start.\n${stderr}`)), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      clearTimeout(timer);
      done(JSON.parse(line) as { url: string; openUrl: string; token: string });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`The web host exited with code ${code} before it was ready.\n${stderr}`));
    });
  });
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    ...info,
    port: Number(new URL(info.url).port),
    dataDir: options.dataDir,
    child,
    alive,
    memory: () =>
      new Promise((done, fail) => {
        if (!alive()) return fail(new Error(`The web host is not running.\n${stderr}`));
        memoryWaiters.push(done);
        child.kill('SIGUSR2');
      }),
    async stop() {
      if (!alive()) return;
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
