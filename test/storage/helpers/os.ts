/**
 * Real operating-system conditions for the failure tests. As root, permission bits do not stop writes,
 * so a read-only folder and a full disk are made with a small tmpfs mount (remounted read-only where
 * needed). As a normal user, chmod is honest and used instead.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

export const isRoot = process.getuid?.() === 0;

export function mountTmpfs(dir: string, sizeKiB: number): boolean {
  if (!isRoot) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k,mode=0755`, 'tmpfs', dir], {
      stdio: 'pipe',
    });
    return true;
  } catch {
    return false;
  }
}

export function remount(dir: string, mode: 'ro' | 'rw'): void {
  execFileSync('mount', ['-o', `remount,${mode}`, dir], { stdio: 'pipe' });
}

export function unmount(dir: string): void {
  execFileSync('umount', [dir], { stdio: 'pipe' });
}

const repo = join(import.meta.dirname, '..', '..', '..');

/** Starts a TypeScript child under tsx with the repository as working directory. */
export function spawnTs(script: string, args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(repo, script), ...args], {
    cwd: repo,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
}

/** Resolves with each stdout line of a child as it arrives. */
export function lines(child: ChildProcess, onLine: (line: string) => void): void {
  createInterface({ input: child.stdout! }).on('line', onLine);
}

export function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let done = false;
    lines(child, (l) => {
      if (!done) {
        done = true;
        resolve(l);
      }
    });
    child.on('exit', (code) => {
      if (!done) reject(new Error(`child exited (${code}) before printing a line`));
    });
  });
}

export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.on('exit', () => resolve());
  });
}
