import Assembler from 'stream-json/assembler.js';
import { jsonParser, type Token } from 'stream-json/core/parser.js';

/** Keys whose array holds the records in the platforms' API responses and in saved arrays. */
const RECORD_ARRAYS = new Set([
  '',
  'tickets',
  'articles',
  'conversations',
  'data',
  'items',
  'results',
  '_embedded.conversations',
  '_embedded.articles',
  'articles.items',
]);

/** stream-chain's "no output" marker, which also tells a flushable parser the input has ended. */
const NONE = Symbol.for('object-stream.none');

/**
 * Text is fed to the parser a line at a time (long lines in 8K pieces): the parser reports no
 * position, so this is what lets a syntax error name its line and keep every record before it.
 */
const PIECE_CHARS = 8 * 1024;

interface Frame {
  array: boolean;
  /** Current key for objects. */
  key: string | null;
  /** Dotted path of keys (array indices left out), e.g. "_embedded.conversations". */
  path: string;
  holdsRecords: boolean;
}

export interface JsonRecord {
  value: Record<string, unknown>;
  /** The path of the array it came from: "tickets", "_embedded.conversations", "" for a top-level array. */
  container: string;
}

export interface JsonOutcome {
  error: Error | null;
  /** 1-based line where the failing piece of text started. */
  line: number;
}

/**
 * Streams the records out of JSON documents (one or several concatenated: saved API pages, or a
 * plain array) with stream-json's tokenizer. Only one record is assembled at a time; everything
 * else is skipped token by token.
 */
export async function streamJsonRecords(
  chunks: AsyncIterable<Buffer>,
  onRecord: (record: JsonRecord) => void,
  onChunk: () => void,
): Promise<JsonOutcome> {
  const parse = jsonParser({ jsonStreaming: true, streamValues: false }) as unknown as (
    input: string | symbol,
  ) => { values: Token[] } | symbol;
  const walker = new RecordWalker(onRecord);
  const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
  let line = 1;
  const feed = (text: string | symbol): JsonOutcome | null => {
    try {
      const out = parse(text);
      if (typeof out !== 'symbol') for (const token of out.values) walker.token(token);
    } catch (error) {
      return { error: error instanceof Error ? error : new Error(String(error)), line };
    }
    return null;
  };
  for await (const chunk of chunks) {
    onChunk();
    const text = decoder.decode(chunk, { stream: true });
    let at = 0;
    while (at < text.length) {
      const nl = text.indexOf('\n', at);
      const end = Math.min(nl < 0 ? text.length : nl + 1, at + PIECE_CHARS);
      const failed = feed(text.slice(at, end));
      if (failed) return failed;
      if (text.charCodeAt(end - 1) === 10) line++;
      at = end;
    }
  }
  const tail = decoder.decode();
  return (tail && feed(tail)) || feed(NONE) || { error: null, line };
}

class RecordWalker {
  private readonly frames: Frame[] = [];
  private assembler: Assembler | null = null;
  private container = '';

  constructor(private readonly onRecord: (record: JsonRecord) => void) {}

  token(token: Token): void {
    if (this.assembler) {
      this.assembler.consume(token);
      if (this.assembler.done) {
        const value = this.assembler.current;
        this.assembler = null;
        if (value && typeof value === 'object' && !Array.isArray(value)) {
          this.onRecord({ value: value as Record<string, unknown>, container: this.container });
        }
        this.valueDone();
      }
      return;
    }
    const top = this.frames[this.frames.length - 1];
    switch (token.name) {
      case 'startObject':
        if (top?.array && top.holdsRecords) {
          this.container = top.path;
          this.assembler = new Assembler();
          this.assembler.consume(token);
        } else {
          this.frames.push({ array: false, key: null, path: top ? childPath(top) : '', holdsRecords: false });
        }
        break;
      case 'startArray': {
        const path = top ? childPath(top) : '';
        this.frames.push({ array: true, key: null, path, holdsRecords: RECORD_ARRAYS.has(path) });
        break;
      }
      case 'endObject':
      case 'endArray':
        this.frames.pop();
        this.valueDone();
        break;
      case 'keyValue':
        if (top) top.key = token.value;
        break;
      default:
        this.valueDone();
    }
  }

  /** A value finished inside an object: its key is spent. */
  private valueDone(): void {
    const top = this.frames[this.frames.length - 1];
    if (top && !top.array) top.key = null;
  }
}

function childPath(parent: Frame): string {
  if (parent.array) return parent.path;
  const key = parent.key ?? '';
  return parent.path ? `${parent.path}.${key}` : key;
}
