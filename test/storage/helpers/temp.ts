import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomToken } from 'rxdb';

/** A fresh folder under the OS temp dir; remove() deletes it and everything in it. */
export function tempFolder(label: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `creditdesk-storage-${label}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Unique database names: storage-memory keeps state per name for the whole process. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomToken(8)}`;
}
