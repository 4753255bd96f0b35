import { ApiError, MAX_FILE_BYTES, type FileRef } from '../../../../src-shared/api';
import { api } from '../../api/current';
import { fileRefFor } from '../../lib/upload';
import { formatCount } from '../../lib/format';
import { errorMessage } from '../../../../src-shared/error-text';

const MB = 1024 * 1024;

/** Rounded up, so a file just over the limit never reads as "200 MB" next to a 200 MB limit. */
const megabytes = (bytes: number): string => formatCount(Math.ceil(bytes / MB));

export const isTooLarge = (file: { size: number }): boolean => file.size > MAX_FILE_BYTES;

/** The error row of a file refused before upload (main refuses it too). */
export const tooLargeMessage = (file: { name: string; size: number }): string =>
  `${file.name} is ${megabytes(file.size)} MB, over the ${megabytes(MAX_FILE_BYTES)} MB limit per file. ` +
  'Split it into smaller files (or save fewer pages) and drop the parts.';

/** Cancelled by the user: an aborted upload here, or a job main stopped on cancelJob. */
export const isCancellation = (error: unknown): boolean =>
  (error instanceof DOMException && error.name === 'AbortError') ||
  (error instanceof ApiError && error.code === 'cancelled');

/**
 * Hands files to main one after another (a browser uploads the bytes, Electron passes paths).
 * One at a time keeps a 500-file drop from opening 500 uploads on one socket.
 */
export async function refsFor(
  files: readonly File[],
  onSent: (index: number, sent: number) => void,
  signal: AbortSignal,
): Promise<FileRef[]> {
  const refs: FileRef[] = [];
  for (const [index, file] of files.entries()) {
    if (signal.aborted) throw new DOMException('Upload cancelled', 'AbortError');
    refs.push(await fileRefFor(api(), file, (sent) => onSent(index, sent), signal));
  }
  return refs;
}

/**
 * Like refsFor, but a file that fails to upload becomes its own failure (its message) instead of
 * failing the batch; a cancellation still stops everything.
 */
export async function refsOrFailures(
  files: readonly File[],
  onSent: (index: number, sent: number) => void,
  signal: AbortSignal,
): Promise<(FileRef | { failed: string })[]> {
  const refs: (FileRef | { failed: string })[] = [];
  for (const [index, file] of files.entries()) {
    if (signal.aborted) throw new DOMException('Upload cancelled', 'AbortError');
    try {
      refs.push(await fileRefFor(api(), file, (sent) => onSent(index, sent), signal));
    } catch (error) {
      if (isCancellation(error) || signal.aborted) throw error;
      refs.push({ failed: `${file.name} could not be sent: ${uploadMessage(error)} Drop it again.` });
    }
  }
  return refs;
}

const uploadMessage = (error: unknown): string => {
  const text = errorMessage(error);
  return /[.!?]$/.test(text) ? text : `${text}.`;
};

/** Stops a job main is running for us; a job that already ended has nothing to stop. */
export function cancelJob(jobId: string | null): void {
  if (jobId)
    void api()
      .cancelJob({ jobId })
      .catch(() => undefined);
}
