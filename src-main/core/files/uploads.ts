import { randomUUID } from 'node:crypto';
import { mkdirSync, openSync, writeSync, closeSync, rmSync, statSync } from 'node:fs';
import { join, basename } from 'node:path';
import { ApiError } from '../../../src-shared/api/errors';
import type { FileRef } from '../../../src-shared/api/files';
import type { CallContext } from '../api/dispatcher';

interface Upload {
  name: string;
  size: number;
  received: number;
  path: string;
  fd: number | null;
  touchedAt: number;
}

export interface ResolvedFile {
  path: string;
  name: string;
  size: number;
}

/** Uploads not finished within this time are dropped, so an abandoned page leaks no disk space. */
const STALE_MS = 60 * 60 * 1000;

/**
 * Files a browser sends in chunks, staged in the data folder so every pipeline reads a path.
 * An upload is usable only once all declared bytes arrived; a chunk beyond the size is refused.
 */
export class Uploads {
  private readonly uploads = new Map<string, Upload>();
  private readonly dir: string;

  constructor(
    dataDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.dir = join(dataDir, 'uploads');
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }

  begin(name: string, size: number): string {
    this.dropStale();
    const id = randomUUID();
    const path = join(this.dir, id);
    this.uploads.set(id, {
      name: basename(name),
      size,
      received: 0,
      path,
      fd: openSync(path, 'w', 0o600),
      touchedAt: this.now(),
    });
    // An empty file has no chunk to send: it is complete as soon as it begins.
    if (size === 0) this.finish(this.uploads.get(id)!);
    return id;
  }

  append(id: string, chunk: Uint8Array): number {
    const upload = this.uploads.get(id);
    if (!upload || upload.fd === null)
      throw new ApiError('not_found', `Upload ${id} is unknown or already complete; start it again.`);
    if (upload.received + chunk.byteLength > upload.size) {
      this.discard(id);
      throw new ApiError(
        'bad_request',
        `Upload of ${upload.name} is larger than its declared ${upload.size} bytes; it was discarded.`,
      );
    }
    writeSync(upload.fd, chunk);
    upload.received += chunk.byteLength;
    upload.touchedAt = this.now();
    if (upload.received === upload.size) this.finish(upload);
    return upload.received;
  }

  private finish(upload: Upload): void {
    if (upload.fd !== null) closeSync(upload.fd);
    upload.fd = null;
  }

  /** A file reference as a path main may read; browsers may only name their own uploads. */
  resolve(ref: FileRef, context: CallContext): ResolvedFile {
    if ('path' in ref) {
      if (context.transport === 'web') {
        throw new ApiError(
          'forbidden',
          'A browser cannot name files on this machine; upload the file instead.',
        );
      }
      let size: number;
      try {
        const stat = statSync(ref.path);
        if (!stat.isFile()) throw new Error('not a file');
        size = stat.size;
      } catch {
        throw new ApiError(
          'not_found',
          `Cannot read ${ref.path}; check that the file exists and is readable.`,
        );
      }
      return { path: ref.path, name: ref.name ?? basename(ref.path), size };
    }
    const upload = this.uploads.get(ref.uploadId);
    if (!upload)
      throw new ApiError('not_found', `Upload ${ref.uploadId} is unknown or expired; upload the file again.`);
    if (upload.fd !== null) {
      throw new ApiError(
        'bad_request',
        `Upload of ${upload.name} is incomplete (${upload.received} of ${upload.size} bytes).`,
      );
    }
    upload.touchedAt = this.now();
    return { path: upload.path, name: upload.name, size: upload.size };
  }

  discard(id: string): void {
    const upload = this.uploads.get(id);
    if (!upload) return;
    if (upload.fd !== null) closeSync(upload.fd);
    rmSync(upload.path, { force: true });
    this.uploads.delete(id);
  }

  close(): void {
    for (const id of [...this.uploads.keys()]) this.discard(id);
  }

  private dropStale(): void {
    const cutoff = this.now() - STALE_MS;
    for (const [id, upload] of this.uploads) if (upload.touchedAt < cutoff) this.discard(id);
  }
}
