import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ExportFormatError, type ExportInput } from './types';

export interface OpenedSource {
  name: string;
  bytesTotal: number | null;
  /** The first bytes (decompressed), for detection; also the start of `chunks`. */
  head: Buffer;
  chunks: AsyncIterable<Buffer>;
  /** Raw bytes read from the file so far (compressed size for .gz). */
  bytesRead: () => number;
}

const HEAD_BYTES = 64 * 1024;
const CHUNK = 1024 * 1024;

/**
 * Opens an export as a stream of chunks with its first 64 KB available for sniffing. Gzip is
 * unpacked on the fly; nothing is ever read whole. ZIP archives are opened before this, member by
 * member (export-parts.ts), so a ZIP here is one nested in another.
 */
export async function openSource(input: ExportInput, signal?: AbortSignal): Promise<OpenedSource> {
  let raw: Readable;
  let name: string;
  let bytesTotal: number | null;
  if ('path' in input) {
    name = input.name ?? basename(input.path);
    try {
      bytesTotal = (await stat(input.path)).size;
    } catch (error) {
      throw new ExportFormatError(
        `${name} could not be opened: ${(error as { code?: string }).code === 'ENOENT' ? 'there is no file at that path' : String(error)}.`,
        'Check the file is still there and readable, then add it again.',
      );
    }
    raw = createReadStream(input.path, { highWaterMark: CHUNK, signal });
  } else if ('bytes' in input) {
    name = input.name;
    bytesTotal = input.bytes.byteLength;
    raw = Readable.from(slices(input.bytes), { objectMode: false });
  } else {
    name = input.name;
    bytesTotal = input.size ?? null;
    raw = input.stream;
  }
  let read = 0;
  const counted = countBytes(raw, (n) => (read += n));
  let { head, rest } = await peek(counted, HEAD_BYTES);
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = createGunzip();
    Readable.from(rest).pipe(gunzip);
    gunzip.on('error', () => undefined);
    ({ head, rest } = await peek(gunzip as AsyncIterable<Buffer>, HEAD_BYTES));
  } else if (head[0] === 0x50 && head[1] === 0x4b) {
    raw.destroy();
    throw new ExportFormatError(
      `${name} is a ZIP archive.`,
      'A ZIP within a ZIP is not opened: unzip the outer archive and add the files inside it.',
    );
  }
  return { name, bytesTotal, head, chunks: rest, bytesRead: () => read };
}

function* slices(bytes: Uint8Array): Generator<Buffer> {
  for (let at = 0; at < bytes.byteLength; at += CHUNK) {
    yield Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(CHUNK, bytes.byteLength - at));
  }
}

async function* countBytes(
  source: AsyncIterable<Buffer | string>,
  add: (n: number) => void,
): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    add(buffer.length);
    yield buffer;
  }
}

/** Reads until `size` bytes (or the end) are buffered; `rest` replays them, then continues. */
async function peek(
  source: AsyncIterable<Buffer>,
  size: number,
): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
  const iterator = source[Symbol.asyncIterator]();
  const buffered: Buffer[] = [];
  let length = 0;
  let finished = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) {
      finished = true;
      break;
    }
    buffered.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(buffered);
  async function* rest(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (finished) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head: head.subarray(0, Math.min(head.length, size)), rest: rest() };
}
