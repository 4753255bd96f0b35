import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export interface RunningHost {
  url: string;
  openUrl: string;
  token: string;
  dataDir: string;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '../../..');

/** A fresh, empty data folder for one test. */
export const freshDataDir = (): string => mkdtempSync(join(tmpdir(), 'creditdesk-e2e-'));

/** Seeds generated usage into a data folder in a child process (see ledger-seed.ts). */
export async function seedInChild(dataDir: string, batches: unknown[]): Promise<number> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'test/e2e/support/seed-cli.ts', dataDir, JSON.stringify(batches)],
    { cwd: ROOT, maxBuffer: 1024 * 1024 },
  );
  return (JSON.parse(stdout.trim().split('\n').pop()!) as { written: number }).written;
}

/**
 * Starts `src-main/web-host/cli.ts --json` on a data folder (a fresh temp folder unless given) and
 * resolves once it prints its URL. `stop` ends the process (SIGTERM, then SIGKILL) and removes the
 * folder when it created it or `removeDataDir` says so.
 */
export async function startHost(
  options: { dataDir?: string; startupMs?: number; removeDataDir?: boolean } = {},
): Promise<RunningHost> {
  const ownFolder = options.removeDataDir ?? !options.dataDir;
  const dataDir = options.dataDir ?? freshDataDir();
  // `node --import tsx` rather than the tsx binary: one process, so the pid we stop is the host itself.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src-main/web-host/cli.ts', '--data', dataDir, '--port', '0', '--json'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const info = await new Promise<{ url: string; openUrl: string; token: string }>((done, fail) => {
    const timer = setTimeout(
      () =>
        fail(new Error(`The web host did not start within ${options.startupMs ?? 60_000} ms.\n${stderr}`)),
      options.startupMs ?? 60_000,
    );
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      clearTimeout(timer);
      done(JSON.parse(line) as { url: string; openUrl: string; token: string });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`The web host exited with code ${code} before it was ready.\n${stderr}`));
    });
  });
  return {
    ...info,
    dataDir,
    async stop() {
      await stopChild(child);
      if (ownFolder) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
