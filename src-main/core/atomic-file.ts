import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync, writevSync } from 'node:fs';

export interface AtomicWriteOptions {
  mode?: number;
  /** Flush to disk before the rename (default). A cache that checks its own integrity may skip it. */
  fsync?: boolean;
  /** The sibling written first; default `<path>.<pid>.tmp`. */
  tmp?: string;
}

/**
 * Writes a file so that a crash or a full disk leaves either the old or the new content, never a
 * torn one: write a sibling, fsync it, then rename over the target.
 */
export function writeFileAtomic(
  path: string,
  data: string | readonly Buffer[],
  options: AtomicWriteOptions = {},
): void {
  const tmp = options.tmp ?? `${path}.${process.pid}.tmp`;
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'w', options.mode ?? 0o600);
    if (typeof data === 'string') writeSync(fd, data);
    else writeAll(fd, data);
    if (options.fsync !== false) fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
  } catch (error) {
    if (fd !== null) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // The temporary file may not exist; the original error is the one worth reporting.
    }
    throw error;
  }
}

/** writev may write less than asked (large buffers, signals): go on from where it stopped. */
function writeAll(fd: number, buffers: readonly Buffer[]): void {
  const rest = buffers.filter((b) => b.length > 0);
  while (rest.length > 0) {
    let written = writevSync(fd, rest.slice(0, 1024));
    while (written > 0 && rest.length > 0) {
      const first = rest[0]!;
      if (written >= first.length) {
        written -= first.length;
        rest.shift();
      } else {
        rest[0] = first.subarray(written);
        written = 0;
      }
    }
  }
}
