import { MAX_FILE_BYTES } from '../../../src-shared/api/files';

/**
 * How much a browser may stage on this machine. Pages upload one file at a time, so a handful of
 * unfinished uploads per connection is generous; staged bytes are counted at their declared size
 * when an upload begins, so a cap cannot be outrun by declaring small and sending more.
 */
export interface UploadLimits {
  /** Unfinished uploads (each holds an open file). */
  openPerConnection: number;
  openPerApp: number;
  /** Staged files, finished or not, not yet expired. */
  stagedPerConnection: number;
  stagedPerApp: number;
  bytesPerConnection: number;
  bytesPerApp: number;
  /** An unfinished upload untouched for this long is dropped. */
  incompleteTtlMs: number;
  /** A finished upload unused for this long is dropped (estimates read it within seconds). */
  completeTtlMs: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  openPerConnection: 4,
  openPerApp: 16,
  stagedPerConnection: 600,
  stagedPerApp: 1200,
  bytesPerConnection: 10 * MAX_FILE_BYTES,
  bytesPerApp: 20 * MAX_FILE_BYTES,
  incompleteTtlMs: 2 * 60 * 1000,
  completeTtlMs: 15 * 60 * 1000,
};
