/**
 * Index keys as SQLite BLOBs that sort, byte by byte, exactly like RxDB's indexable strings sort in
 * JavaScript.
 *
 * RxDB builds an index string per document by padding string fields to maxLength with spaces and writing
 * numbers as fixed-width digits, then compares those strings by UTF-16 code unit. Stored as TEXT, SQLite
 * would compare them as UTF-8 bytes, which orders characters outside the Basic Multilingual Plane
 * differently (a surrogate pair sorts below U+E000..U+FFFF in JS, above it in UTF-8). So keys are BLOBs
 * of big-endian 16-bit units, which memcmp orders like JS code units.
 *
 * Padding every string to its maxLength would make keys huge (the ledger id alone is 300 characters),
 * so string fields are written unpadded with an encoding that still compares as if padded with spaces:
 * the field is cut into tokens "k spaces then a non-space unit c", and the end of the field stands for
 * "spaces forever". Working through the cases, padded comparison is the same as comparing tokens where
 *   - tokens with c < U+0020 sort first, by (k ascending, c ascending);
 *   - then the end of the field;
 *   - then tokens with c > U+0020, by (k descending, c ascending).
 * Each class gets a distinct leading unit (0x0001, 0x0002, 0x0003), except the by far most common token
 * (no spaces, c > U+0020), which is written as the bare unit c: every such unit is >= 0x0021, above the
 * three markers, and a zero-space token sorts above every token with spaces, as it must. Tokens are
 * self-delimiting and the end marker closes the field, so a compound key compares field by field.
 * Numbers and booleans keep RxDB's fixed-width digit strings, written as one byte per digit.
 */
import type { RxJsonSchema } from 'rxdb';
import {
  INDEX_MAX,
  INDEX_MIN,
  getIndexMeta,
  getStartIndexStringFromLowerBound,
  getStartIndexStringFromUpperBound,
} from 'rxdb';

const LOW_TOKEN = 0x0001;
const FIELD_END = 0x0002;
const HIGH_TOKEN_AFTER_SPACES = 0x0003;
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

  unit(u: number): void {
    this.buf[this.pos++] = u >>> 8;
    this.buf[this.pos++] = u & 0xff;
  }

  string(s: string): void {
    let end = s.length;
    while (end > 0 && s.charCodeAt(end - 1) === SPACE) end--;
    // Worst case a token is 4 units for 1 character, plus the end marker.
    this.ensure(end * 8 + 2);
    let spaces = 0;
    for (let i = 0; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c === SPACE) {
        spaces++;
        continue;
      }
      if (c > SPACE && spaces === 0) {
        this.buf[this.pos++] = c >>> 8;
        this.buf[this.pos++] = c & 0xff;
      } else if (c < SPACE) {
        this.unit(LOW_TOKEN);
        this.unit(spaces >>> 16);
        this.unit(spaces & 0xffff);
        this.unit(c);
      } else {
        const inverted = 0xffffffff - spaces;
        this.unit(HIGH_TOKEN_AFTER_SPACES);
        this.unit(inverted >>> 16);
        this.unit(inverted & 0xffff);
        this.unit(c);
      }
      spaces = 0;
    }
    this.unit(FIELD_END);
  }

  ascii(s: string): void {
    this.ensure(s.length);
    this.pos += this.buf.write(s, this.pos, 'latin1');
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

export function createIndexEncoder(schema: RxJsonSchema<unknown>, fields: readonly string[]): IndexEncoder {
  const meta = getIndexMeta(schema as never, fields as string[]);
  const encoders: FieldEncoder[] = meta.map((m) => {
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
        : (doc: unknown, w: KeyWriter) => w.ascii(part(doc));
    return { field: m.fieldName, kind, maxLength, write };
  });

  const boundWriter = new KeyWriter();
  const bound = (keys: readonly unknown[], upper: boolean): Buffer => {
    boundWriter.pos = 0;
    encoders.forEach((enc, i) => {
      const key = keys[i];
      if (enc.kind === 'string') {
        boundWriter.string(stringBound(key, enc.maxLength, upper));
      } else {
        // RxDB's own single-field bound string keeps clamping and rounding identical to the documents' keys.
        const one = upper
          ? getStartIndexStringFromUpperBound(schema as never, [enc.field], [key as never])
          : getStartIndexStringFromLowerBound(schema as never, [enc.field], [key as never]);
        boundWriter.ascii(one);
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
