import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { formatBytes, problem } from './problems';

const READ_CHUNK = 4 * 1024 * 1024;

export function tooLarge(size: number, max: number): Error {
  return problem(
    'too-large',
    `This file is ${formatBytes(size)}; the limit for one document is ${formatBytes(max)}.`,
    'Split it into smaller files (for example by chapter) or remove embedded images, then drop the parts.',
  );
}

export interface ReadResult {
  bytes: Uint8Array;
  sha256: string | null;
}

/**
 * Reads a file whole (extractors need random access) in chunks that report progress and feed the
 * hash. The size is checked before reading, so an oversized file costs one stat call.
 */
export async function readInput(
  input: { path: string } | { bytes: Uint8Array },
  maxBytes: number,
  withHash: boolean,
  onBytes: (done: number, total: number) => void,
): Promise<ReadResult> {
  if ('bytes' in input) {
    if (input.bytes.byteLength > maxBytes) throw tooLarge(input.bytes.byteLength, maxBytes);
    onBytes(input.bytes.byteLength, input.bytes.byteLength);
    return {
      bytes: input.bytes,
      sha256: withHash ? createHash('sha256').update(input.bytes).digest('hex') : null,
    };
  }
  let size: number;
  try {
    const info = await stat(input.path);
    if (!info.isFile()) throw new Error('not a regular file');
    size = info.size;
  } catch (error) {
    throw unreadable(error);
  }
  if (size > maxBytes) throw tooLarge(size, maxBytes);
  const hash = withHash ? createHash('sha256') : null;
  const handle = await open(input.path, 'r').catch((error: unknown) => {
    throw unreadable(error);
  });
  try {
    // One byte of headroom detects a file that grew since stat() without reading it unbounded.
    const buffer = Buffer.allocUnsafe(size + 1);
    let done = 0;
    for (;;) {
      const want = Math.min(READ_CHUNK, buffer.length - done);
      if (want === 0) break;
      const { bytesRead } = await handle.read(buffer, done, want, done);
      if (bytesRead === 0) break;
      hash?.update(buffer.subarray(done, done + bytesRead));
      done += bytesRead;
      onBytes(done, size);
    }
    if (done > size) {
      throw problem(
        'unreadable',
        'This file changed while it was being read.',
        'Wait until it is fully saved, then drop it again.',
      );
    }
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, done);
    return { bytes, sha256: hash ? hash.digest('hex') : null };
  } finally {
    await handle.close();
  }
}

function unreadable(error: unknown): Error {
  const code = (error as { code?: string } | null)?.code;
  const reason =
    code === 'ENOENT'
      ? 'there is no file at that path (it may have been moved or deleted)'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission was denied'
        : error instanceof Error
          ? error.message
          : String(error);
  return problem(
    'unreadable',
    `This file could not be opened: ${reason}.`,
    'Check the file is still there and readable, then drop it again.',
  );
}
