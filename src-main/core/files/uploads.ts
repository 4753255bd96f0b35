import { randomUUID } from 'node:crypto';
import { mkdirSync, openSync, writeSync, closeSync, rmSync, statSync } from 'node:fs';
import { join, basename } from 'node:path';
import { ApiError } from '../../../src-shared/api/errors';
import type { FileRef } from '../../../src-shared/api/files';
import type { CallContext } from '../api/dispatcher';
import { formatBytes } from './format-bytes';
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from './upload-limits';

interface Upload {
  name: string;
  size: number;
  received: number;
  path: string;
  fd: number | null;
  touchedAt: number;
  owner: string;
}

export interface ResolvedFile {
  path: string;
  name: string;
  size: number;
}

/** Who staged an upload: the web host's socket, or the transport (Electron IPC, tests). */
export const uploadOwner = (context: CallContext): string => context.connection ?? context.transport;

/**
 * Files a browser sends in chunks, staged in the data folder so every pipeline reads a path.
 * An upload is usable only once all declared bytes arrived; a chunk beyond the size is refused.
 * Counts and bytes are capped per connection and per app; leftovers of an earlier run are removed
 * at start-up, and stale uploads expire (unfinished ones within minutes).
 */
export class Uploads {
  private readonly uploads = new Map<string, Upload>();
  private readonly dir: string;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    dataDir: string,
    private readonly now: () => number = Date.now,
    private readonly limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
    /** True while a job may still read finished uploads; they do not expire then. */
    private readonly inUse: () => boolean = () => false,
  ) {
    this.dir = join(dataDir, 'uploads');
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.sweeper = setInterval(() => this.dropStale(), 30_000);
    this.sweeper.unref();
  }

  begin(name: string, size: number, owner = 'test'): string {
    this.dropStale();
    this.checkRoom(owner, size);
    const id = randomUUID();
    const path = join(this.dir, id);
    this.uploads.set(id, {
      name: basename(name),
      size,
      received: 0,
      path,
      fd: openSync(path, 'w', 0o600),
      touchedAt: this.now(),
      owner,
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

  /** A connection went away: its unfinished uploads can never complete. */
  releaseConnection(owner: string): void {
    for (const [id, upload] of this.uploads)
      if (upload.owner === owner && upload.fd !== null) this.discard(id);
  }

  discard(id: string): void {
    const upload = this.uploads.get(id);
    if (!upload) return;
    if (upload.fd !== null) closeSync(upload.fd);
    rmSync(upload.path, { force: true });
    this.uploads.delete(id);
  }

  /** Staged uploads now: open (unfinished) and all, with their declared bytes. */
  usage(owner?: string): { open: number; staged: number; bytes: number } {
    let open = 0;
    let staged = 0;
    let bytes = 0;
    for (const upload of this.uploads.values()) {
      if (owner !== undefined && upload.owner !== owner) continue;
      staged++;
      bytes += upload.size;
      if (upload.fd !== null) open++;
    }
    return { open, staged, bytes };
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const id of [...this.uploads.keys()]) this.discard(id);
  }

  private finish(upload: Upload): void {
    closeSync(upload.fd!);
    upload.fd = null;
  }

  private checkRoom(owner: string, size: number): void {
    const l = this.limits;
    const mine = this.usage(owner);
    const all = this.usage();
    const refuse = (what: string) =>
      new ApiError(
        'unavailable',
        `${what}; wait for running uploads and estimates to finish, then try again.`,
      );
    if (mine.open >= l.openPerConnection)
      throw refuse(`This page already has ${mine.open} uploads in progress (at most ${l.openPerConnection})`);
    if (all.open >= l.openPerApp)
      throw refuse(`Creditdesk already has ${all.open} uploads in progress (at most ${l.openPerApp})`);
    if (mine.staged >= l.stagedPerConnection || all.staged >= l.stagedPerApp)
      throw refuse(
        `Too many files are staged (at most ${l.stagedPerConnection} per page, ${l.stagedPerApp} in all)`,
      );
    if (mine.bytes + size > l.bytesPerConnection)
      throw refuse(
        `Staging ${formatBytes(size)} more would exceed ${formatBytes(l.bytesPerConnection)} for this page`,
      );
    if (all.bytes + size > l.bytesPerApp)
      throw refuse(`Staging ${formatBytes(size)} more would exceed ${formatBytes(l.bytesPerApp)} in all`);
  }

  private dropStale(): void {
    const now = this.now();
    const reading = this.inUse();
    for (const [id, upload] of this.uploads) {
      if (upload.fd === null && reading) continue;
      const ttl = upload.fd === null ? this.limits.completeTtlMs : this.limits.incompleteTtlMs;
      if (upload.touchedAt < now - ttl) this.discard(id);
    }
  }
}
