import { closeSync, fsyncSync, openSync, renameSync, writeSync, unlinkSync } from 'node:fs';

/**
 * Writes a small file so that a crash or a full disk leaves either the old or the new content,
 * never a torn one: write a sibling, fsync it, then rename over the target.
 */
export function writeFileAtomic(path: string, data: string, mode = 0o600): void {
  const tmp = `${path}.${process.pid}.tmp`;
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'w', mode);
    writeSync(fd, data);
    fsyncSync(fd);
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
