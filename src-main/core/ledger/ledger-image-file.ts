import { unlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import {
  ledgerEntrySchema,
  usageEntrySchema,
  type BookImage,
  type LedgerEntry,
  type UsageProfile,
} from '../../../src-shared/ledger';
import { describeIssues } from '../../../src-shared/error-text';
import type { WritePosition } from './ledger-reader';
import { writeFileAtomic } from '../atomic-file';

/**
 * The ledger image file in the data folder: the whole in-memory ledger (LedgerBook.image) as it
 * stood at one storage write, so a start reads ~90 bytes per entry of columns instead of scanning
 * and parsing every stored document. It is a cache: the reader checks it (image-open.ts) and falls
 * back to the scan on any doubt.
 *
 * Layout: 8 bytes magic, uint32 header length, uint32 CRC-32 of everything after these 16 bytes;
 * the header (JSON: database, write position, counts, usage profiles, entries kept as objects);
 * then, each from an 8-byte boundary, the columns time, amount, recordedAt (Float64), replay order
 * (Int32), profile (Uint32), id byte lengths (Uint16), kind (Uint8), and the ids' UTF-8 bytes.
 */

export const LEDGER_IMAGE_FILE_NAME = 'ledger-image.bin';
const MAGIC = Buffer.from('CDLEDGR1', 'latin1');
const PREFIX = 16;
const KIND = 'creditdesk-ledger-image';
const FORMAT = 1;
/** Ids are short (the schema allows a few hundred characters): two bytes of length each. */
const MAX_ID_BYTES = 0xffff;

export interface LedgerImageMeta {
  /** RxDB storage token of the database it was read from. */
  database: string;
  /** The latest storage write the image reflects: later writes are read from storage on top. */
  written: WritePosition;
}

const headerSchema = z.strictObject({
  kind: z.literal(KIND),
  format: z.literal(FORMAT),
  database: z.string().min(1).max(200),
  written: z.strictObject({ lwt: z.number().min(0).max(Number.MAX_SAFE_INTEGER), id: z.string().max(300) }),
  entries: z.number().int().min(0).max(0x7fffffff),
  idBytes: z.number().int().min(0),
  profiles: z.array(
    usageEntrySchema.pick({
      machineId: true,
      tokenId: true,
      tokenLabel: true,
      action: true,
      actionKind: true,
      ruleId: true,
      rateCardVersion: true,
      explanation: true,
      source: true,
    }),
  ),
  held: z.array(z.tuple([z.number().int().min(0), ledgerEntrySchema])),
});

const pad8 = (n: number) => (8 - (n % 8)) % 8;
const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/**
 * Writes the image next to its final name and renames it over, so a reader sees the old file or
 * the new one. No fsync: a file torn by a power cut fails its checksum and is not used.
 */
export function writeLedgerImage(path: string, meta: LedgerImageMeta, image: BookImage): void {
  const { columns, order } = image;
  const n = columns.size;
  const idLengths = new Uint16Array(n);
  let idBytes = 0;
  for (let row = 0; row < n; row++) {
    const length = Buffer.byteLength(columns.ids[row]!);
    if (length > MAX_ID_BYTES)
      throw new Error(`entry id of ${length} bytes is too long for the ledger image`);
    idLengths[row] = length;
    idBytes += length;
  }
  const ids = Buffer.allocUnsafe(idBytes);
  for (let row = 0, at = 0; row < n; row++) at += ids.write(columns.ids[row]!, at);
  const header = Buffer.from(
    JSON.stringify({
      kind: KIND,
      format: FORMAT,
      database: meta.database,
      written: meta.written,
      entries: n,
      idBytes,
      profiles: columns.profiles,
      held: columns.held,
    }),
  );
  const parts: Buffer[] = [header];
  let offset = header.length;
  for (const part of [
    columns.time,
    columns.amount,
    columns.recordedAt,
    order,
    columns.profile,
    idLengths,
    columns.kind,
    ids,
  ]) {
    const gap = pad8(offset);
    if (gap > 0) parts.push(Buffer.alloc(gap));
    parts.push(bytesOf(part));
    offset += gap + part.byteLength;
  }
  let sum = 0;
  // Empty parts are skipped: Node 20's crc32 answers 0 for an empty view of an empty ArrayBuffer.
  for (const part of parts) if (part.length > 0) sum = crc32(part, sum);
  const prefix = Buffer.alloc(PREFIX);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(header.length, 8);
  prefix.writeUInt32LE(sum, 12);
  // One name, not one per process: only one app holds a data folder (its database is locked), and a
  // write killed halfway then leaves one stray file that the next write replaces.
  writeFileAtomic(path, [prefix, ...parts], { fsync: false, tmp: `${path}.tmp` });
}

/** Reads the file into a Buffer whose bytes can back typed arrays of any element size. */
async function readAligned(path: string): Promise<Buffer> {
  const bytes = await readFile(path);
  if (bytes.byteOffset % 8 === 0) return bytes;
  const copy = Buffer.from(new ArrayBuffer(bytes.length));
  bytes.copy(copy);
  return copy;
}

/**
 * Reads and checks the file's integrity and shape. Any problem (missing, torn, edited, another
 * format) yields a reason instead; whether it still describes the stored ledger is image-open.ts's
 * business, and a bad value inside the columns is LedgerBook.fromImage's.
 */
export async function readLedgerImage(
  path: string,
): Promise<{ meta: LedgerImageMeta; image: BookImage } | { reason: string }> {
  let file: Buffer;
  try {
    file = await readAligned(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { reason: code === 'ENOENT' ? 'missing' : `unreadable (${code ?? String(error)})` };
  }
  if (file.length < PREFIX || !file.subarray(0, 8).equals(MAGIC)) return { reason: 'not a ledger image' };
  const headerLength = file.readUInt32LE(8);
  if (PREFIX + headerLength > file.length) return { reason: 'it is cut short' };
  if (crc32(file.subarray(PREFIX)) !== file.readUInt32LE(12))
    return { reason: 'its checksum does not match (torn or edited)' };
  let json: unknown;
  try {
    json = JSON.parse(file.toString('utf8', PREFIX, PREFIX + headerLength));
  } catch {
    return { reason: 'its header is not JSON' };
  }
  const parsed = headerSchema.safeParse(json);
  if (!parsed.success)
    return { reason: `${describeIssues([parsed.error.issues[0]!], 'header')} (an older or foreign file)` };
  const header = parsed.data;
  const n = header.entries;

  let offset = PREFIX + headerLength;
  const take = <T>(bytes: number, make: (at: number) => T): T | null => {
    offset += pad8(offset - PREFIX);
    if (offset + bytes > file.length) return null;
    const view = make(file.byteOffset + offset);
    offset += bytes;
    return view;
  };
  const buffer = file.buffer;
  const time = take(8 * n, (at) => new Float64Array(buffer, at, n));
  const amount = take(8 * n, (at) => new Float64Array(buffer, at, n));
  const recordedAt = take(8 * n, (at) => new Float64Array(buffer, at, n));
  const order = take(4 * n, (at) => new Int32Array(buffer, at, n));
  const profile = take(4 * n, (at) => new Uint32Array(buffer, at, n));
  const idLengths = take(2 * n, (at) => new Uint16Array(buffer, at, n));
  const kind = take(n, (at) => new Uint8Array(buffer, at, n));
  const idStart = take(header.idBytes, (at) => at - file.byteOffset);
  if (!time || !amount || !recordedAt || !order || !profile || !idLengths || !kind || idStart === null)
    return { reason: 'it is cut short' };
  if (offset !== file.length) return { reason: 'it has bytes past its end' };

  const ids = new Array<string>(n);
  let at = idStart;
  for (let row = 0; row < n; row++) {
    const end = at + idLengths[row]!;
    ids[row] = file.toString('utf8', at, end);
    at = end;
  }
  if (at !== idStart + header.idBytes) return { reason: 'its id lengths do not add up' };
  // Copies: views would keep the whole file (the id bytes included) alive as long as the book.
  return {
    meta: { database: header.database, written: header.written },
    image: {
      columns: {
        size: n,
        time: time.slice(),
        amount: amount.slice(),
        recordedAt: recordedAt.slice(),
        kind: kind.slice(),
        profile: profile.slice(),
        ids,
        profiles: header.profiles as unknown as UsageProfile[],
        held: header.held as unknown as [number, LedgerEntry][],
      },
      order: order.slice(),
    },
  };
}

/** Removes the file; a missing file is fine. */
export function removeLedgerImage(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
