import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { basename } from 'node:path';
import { createDeflateRaw, crc32 } from 'node:zlib';
import type { Writable } from 'node:stream';

/** Writes and counts bytes, waiting when the file stream asks to. */
async function put(out: Writable, bytes: Buffer, sent: { n: number }): Promise<void> {
  sent.n += bytes.length;
  if (!out.write(bytes)) await once(out, 'drain');
}

/**
 * Zips one file as a single deflated entry without holding it in memory (sizes and CRC follow the
 * data in a descriptor, as streaming zip tools write them), for exports too big to zip in memory.
 */
export async function zipOneFile(source: string, target: string): Promise<void> {
  const name = Buffer.from(basename(source), 'utf8');
  const out = createWriteStream(target);
  const sent = { n: 0 };
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(0x0008, 6); // sizes and CRC in the data descriptor
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt16LE(name.length, 26);
  await put(out, Buffer.concat([local, name]), sent);

  let crc = 0;
  let size = 0;
  const deflate = createDeflateRaw();
  const compressedStart = sent.n;
  const pump = (async () => {
    for await (const chunk of deflate as AsyncIterable<Buffer>) await put(out, chunk, sent);
  })();
  for await (const chunk of createReadStream(source) as AsyncIterable<Buffer>) {
    crc = crc32(chunk, crc);
    size += chunk.length;
    if (!deflate.write(chunk)) await once(deflate, 'drain');
  }
  deflate.end();
  await pump;
  const compressed = sent.n - compressedStart;
  if (size >= 0xffffffff || compressed >= 0xffffffff)
    throw new Error('zipOneFile writes no ZIP64; keep files under 4 GB');

  const descriptor = Buffer.alloc(16);
  descriptor.writeUInt32LE(0x08074b50, 0);
  descriptor.writeUInt32LE(crc, 4);
  descriptor.writeUInt32LE(compressed, 8);
  descriptor.writeUInt32LE(size, 12);
  await put(out, descriptor, sent);

  const centralStart = sent.n;
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0x0008, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(compressed, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(0, 42); // local header offset
  await put(out, Buffer.concat([central, name]), sent);

  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(sent.n - centralStart, 12);
  end.writeUInt32LE(centralStart, 16);
  await put(out, end, sent);
  out.end();
  await once(out, 'finish');
}
