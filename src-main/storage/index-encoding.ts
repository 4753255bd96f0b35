/**
 * Index keys as SQLite BLOBs that sort, byte by byte (memcmp), exactly like RxDB's indexable strings sort
 * in JavaScript.
 *
 * RxDB builds an index string per document by padding string fields to maxLength with spaces and writing
 * numbers as fixed-width digits, then compares those strings by UTF-16 code unit. Stored as TEXT, SQLite
 * would compare them as UTF-8 bytes, which orders characters outside the Basic Multilingual Plane
 * differently (a surrogate pair sorts below U+E000..U+FFFF in JS, above it in UTF-8). So keys are BLOBs
 * whose byte order is the UTF-16 code unit order.
 *
 * Padding every string to its maxLength would make keys huge (the ledger id alone is 300 characters),
 * so string fields are written unpadded with an encoding that still compares as if padded with spaces:
 * the field is cut into tokens "k spaces then a non-space unit c", and the end of the field stands for
 * "spaces forever". Working through the cases, padded comparison is the same as comparing tokens where
 *   - tokens with c < U+0020 sort first, by (k ascending, c ascending);
 *   - then the end of the field;
 *   - then tokens with c > U+0020, by (k descending, c ascending).
 * Each class starts with its own marker byte (0x01, 0x02, 0x03), except the by far most common token
 * (no spaces, c > U+0020), which is just c: every encoded c starts with a byte >= 0x21, above the three
 * markers, and a zero-space token sorts above every token with spaces, as it must.
 *
 * A unit c is written in one byte when it is printable ASCII (0x21..0x7F) and in three bytes otherwise
 * (0x80 + the top 4 bits, then the low 12 bits big-endian), which keeps code unit order, is prefix-free,
 * and halves the size of ASCII ids compared with raw UTF-16. Tokens are self-delimiting and the end
 * marker closes the field, so a compound key compares field by field. Numbers keep RxDB's fixed-width
 * digit strings, packed two digits to a byte; booleans are RxDB's '0'/'1'.
 */
import { INDEX_MAX, INDEX_MIN } from 'rxdb';
import { fieldBoundString, indexMeta, type AnySchema } from './rxdb-types';

const LOW_TOKEN = 0x01;
const FIELD_END = 0x02;
const HIGH_TOKEN_AFTER_SPACES = 0x03;
const SPACE = 0x20;

/** A growable byte buffer reused for every key of every row; bound blobs are copied by SQLite. */
export class KeyWriter {
  buf: Buffer = Buffer.allocUnsafe(4096);
  pos = 0;

  ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + extra));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  private uint32(v: number): void {
    const b = this.buf;
    b[this.pos++] = v >>> 24;
    b[this.pos++] = (v >>> 16) & 0xff;
    b[this.pos++] = (v >>> 8) & 0xff;
    b[this.pos++] = v & 0xff;
  }

  private unit(c: number): void {
    const b = this.buf;
    if (c < 0x80) {
      b[this.pos++] = c;
    } else {
      b[this.pos++] = 0x80 + (c >>> 12);
      b[this.pos++] = (c >>> 8) & 0x0f;
      b[this.pos++] = c & 0xff;
    }
  }

  string(s: string): void {
    let end = s.length;
    while (end > 0 && s.charCodeAt(end - 1) === SPACE) end--;
    // Worst case a character costs 8 bytes (marker, 4-byte space count, 3-byte unit), plus the end marker.
    this.ensure(end * 8 + 1);
    const b = this.buf;
    let spaces = 0;
    for (let i = 0; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c === SPACE) {
        spaces++;
        continue;
      }
      if (c > SPACE && spaces === 0) {
        if (c < 0x80) b[this.pos++] = c;
        else this.unit(c);
      } else if (c < SPACE) {
        b[this.pos++] = LOW_TOKEN;
        this.uint32(spaces);
        b[this.pos++] = c;
      } else {
        b[this.pos++] = HIGH_TOKEN_AFTER_SPACES;
        this.uint32(0xffffffff - spaces);
        this.unit(c);
      }
      spaces = 0;
    }
    b[this.pos++] = FIELD_END;
  }

  /** RxDB's fixed-width digit string, two digits per byte (a trailing odd digit gets a zero nibble). */
  digits(s: string): void {
    const n = s.length;
    this.ensure((n + 1) >> 1);
    const b = this.buf;
    let i = 0;
    for (; i + 1 < n; i += 2) b[this.pos++] = ((s.charCodeAt(i) - 48) << 4) | (s.charCodeAt(i + 1) - 48);
    if (i < n) b[this.pos++] = (s.charCodeAt(i) - 48) << 4;
  }

  /** RxDB's '0'/'1' for booleans. */
  byte(s: string): void {
    this.ensure(1);
    this.buf[this.pos++] = s.charCodeAt(0);
  }

  /** A copy of bytes [start, end), for keys that outlive the next write (query bounds). */
  copy(start: number, end: number): Buffer {
    return Buffer.from(this.buf.subarray(start, end));
  }
}

type FieldKind = 'string' | 'boolean' | 'number';

interface FieldEncoder {
  field: string;
  kind: FieldKind;
  maxLength: number;
  write(doc: unknown, w: KeyWriter): void;
}

export interface IndexEncoder {
  readonly fields: readonly string[];
  /** Appends the key of `doc` for this index to the writer. */
  write(doc: unknown, w: KeyWriter): void;
  /** Key of the lowest position a query plan's startKeys select (RxDB's lower-bound semantics). */
  lowerBound(startKeys: readonly unknown[]): Buffer;
  /** Key of the highest position a query plan's endKeys select (RxDB's upper-bound semantics). */
  upperBound(endKeys: readonly unknown[]): Buffer;
}

function kindOf(type: unknown): FieldKind {
  if (type === 'string') return 'string';
  if (type === 'boolean') return 'boolean';
  return 'number';
}

function fieldEncoders(schema: AnySchema, fields: readonly string[]): FieldEncoder[] {
  return indexMeta(schema, fields).map((m) => {
    const kind = kindOf(m.schemaPart.type);
    const maxLength = typeof m.schemaPart.maxLength === 'number' ? m.schemaPart.maxLength : 0;
    const getValue = m.getValue as (doc: unknown) => unknown;
    const part = m.getIndexStringPart as (doc: unknown) => string;
    const write =
      kind === 'string'
        ? (doc: unknown, w: KeyWriter) => {
            const v = getValue(doc);
            w.string(typeof v === 'string' ? v : '');
          }
        : kind === 'boolean'
          ? (doc: unknown, w: KeyWriter) => w.byte(part(doc))
          : numberWriter(m.parsedLengths as NumberLengths, getValue, part);
    return { field: m.fieldName, kind, maxLength, write };
  });
}

/** RxDB's fixed-width layout of an indexed number (getStringLengthOfIndexNumber). */
interface NumberLengths {
  minimum: number;
  maximum: number;
  roundedMinimum: number;
  nonDecimals: number;
  decimals: number;
  multiplier: number;
}

/**
 * Writes what `w.digits(part(doc))` writes, RxDB's digit string of the number packed two digits to a
 * byte, without building the string: the digits come from integer arithmetic (exact below 2^53).
 * Anything unusual (not a number, NaN, a value past the layout's width) takes RxDB's string.
 */
function numberWriter(
  p: NumberLengths,
  getValue: (doc: unknown) => unknown,
  part: (doc: unknown) => string,
): (doc: unknown, w: KeyWriter) => void {
  const { minimum, maximum, roundedMinimum, nonDecimals, decimals, multiplier } = p;
  const length = nonDecimals + decimals;
  const digits = new Uint8Array(length + 1);
  const limit = 10 ** nonDecimals;
  return (doc, w) => {
    const raw = getValue(doc);
    if (raw !== undefined && (typeof raw !== 'number' || Number.isNaN(raw))) return w.digits(part(doc));
    let v = raw === undefined ? 0 : raw;
    if (v < minimum) v = minimum;
    if (v > maximum) v = maximum;
    const floored = Math.floor(v);
    let x = floored - roundedMinimum;
    if (!(x >= 0 && x < limit && Number.isSafeInteger(x))) return w.digits(part(doc));
    for (let i = nonDecimals - 1; i >= 0; i--) {
      const d = x % 10;
      digits[i] = d;
      x = (x - d) / 10;
    }
    if (decimals > 0) {
      let f = Math.min(Math.round((v - floored) * multiplier), multiplier - 1);
      for (let i = length - 1; i >= nonDecimals; i--) {
        const d = f % 10;
        digits[i] = d;
        f = (f - d) / 10;
      }
    }
    w.ensure((length + 1) >> 1);
    const b = w.buf;
    let i = 0;
    for (; i + 1 < length; i += 2) b[w.pos++] = (digits[i]! << 4) | digits[i + 1]!;
    if (i < length) b[w.pos++] = digits[i]! << 4;
  };
}

export function createIndexEncoder(schema: AnySchema, fields: readonly string[]): IndexEncoder {
  const encoders = fieldEncoders(schema, fields);

  const boundWriter = new KeyWriter();
  const bound = (keys: readonly unknown[], upper: boolean): Buffer => {
    boundWriter.pos = 0;
    encoders.forEach((enc, i) => {
      const key = keys[i];
      if (enc.kind === 'string') {
        boundWriter.string(stringBound(key, enc.maxLength, upper));
      } else {
        // RxDB's own single-field bound string keeps clamping and rounding identical to the documents' keys.
        const one = fieldBoundString(schema, enc.field, key, upper);
        if (enc.kind === 'boolean') boundWriter.byte(one);
        else boundWriter.digits(one);
      }
    });
    return boundWriter.copy(0, boundWriter.pos);
  };

  const writers = encoders.map((e) => e.write);
  const write =
    writers.length === 1
      ? writers[0]!
      : (doc: unknown, w: KeyWriter) => {
          for (let i = 0; i < writers.length; i++) writers[i]!(doc, w);
        };

  return {
    fields,
    write,
    lowerBound: (keys) => bound(keys, false),
    upperBound: (keys) => bound(keys, true),
  };
}

/**
 * Every index key of a document at once. A compound key is its fields' keys one after the other, and
 * a table's indexes share most fields (`_deleted`, the time, the primary key), so each distinct field
 * is encoded once and copied into each key that holds it: the same bytes as each index's encoder
 * writes (test/storage/index-encoding.test.ts), at a third of the work for the ledger's six indexes.
 */
export class RowKeyWriter {
  private readonly writers: FieldEncoder['write'][];
  /** For each index, the positions of its fields in `writers`. */
  private readonly slots: number[][];
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly w = new KeyWriter();

  constructor(schema: AnySchema, indexes: readonly (readonly string[])[]) {
    const distinct = [...new Set(indexes.flat())];
    this.writers = fieldEncoders(schema, distinct).map((e) => e.write);
    this.slots = indexes.map((fields) => fields.map((f) => distinct.indexOf(f)));
    this.starts = new Int32Array(distinct.length);
    this.ends = new Int32Array(distinct.length);
  }

  /**
   * Sets params[offset + i] to the key of index i for `doc`: views into one buffer, valid until the
   * next call (SQLite copies bound blobs).
   */
  write(doc: unknown, params: unknown[], offset: number): void {
    const { w, writers, starts, ends, slots } = this;
    w.pos = 0;
    let total = 0;
    for (let f = 0; f < writers.length; f++) {
      starts[f] = w.pos;
      writers[f]!(doc, w);
      ends[f] = w.pos;
    }
    for (const fields of slots) for (const f of fields) total += ends[f]! - starts[f]!;
    w.ensure(total);
    const b = w.buf;
    let pos = w.pos;
    for (let i = 0; i < slots.length; i++) {
      const start = pos;
      for (const f of slots[i]!) for (let k = starts[f]!, end = ends[f]!; k < end; k++) b[pos++] = b[k]!;
      params[offset + i] = b.subarray(start, pos);
    }
    w.pos = pos;
  }
}

/** The string RxDB would pad for a bound on a string field, before padding (padding is implied). */
function stringBound(key: unknown, maxLength: number, upper: boolean): string {
  if (!upper) {
    if (typeof key === 'string') return key === INDEX_MAX ? INDEX_MAX.repeat(maxLength) : key;
    return '\x00'.repeat(maxLength);
  }
  if (typeof key === 'string' && key !== INDEX_MAX) return key;
  if (key === INDEX_MIN) return '\x00'.repeat(maxLength);
  return INDEX_MAX.repeat(maxLength);
}
