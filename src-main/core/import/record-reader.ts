import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';

export interface SourceRecord {
  line: number;
  record: Record<string, unknown> | null;
  error: string | null;
}

/** Counts bytes as they pass, for a progress bar over a file of known size. */
function byteCounter(onBytes: (n: number) => void): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      total += chunk.length;
      onBytes(total);
      done(null, chunk);
    },
  });
}

/** Decides CSV or NDJSON from the name, then from the first non-blank character. */
export function detectFormat(name: string, head: string): 'csv' | 'ndjson' {
  if (/\.(ndjson|jsonl|json)$/i.test(name)) return 'ndjson';
  if (/\.csv$/i.test(name)) return 'csv';
  return head.trimStart().startsWith('{') ? 'ndjson' : 'csv';
}

/**
 * Streams records with their line numbers; a malformed line becomes an error record and reading
 * goes on, so one bad row never costs the good ones.
 */
export async function* readRecords(
  path: string,
  format: 'csv' | 'ndjson',
  onBytes: (n: number) => void,
): AsyncGenerator<SourceRecord> {
  const input = createReadStream(path).pipe(byteCounter(onBytes));
  if (format === 'ndjson') {
    let line = 0;
    for await (const text of createInterface({ input, crlfDelay: Infinity })) {
      line++;
      const trimmed = text.trim();
      if (!trimmed) continue;
      try {
        const value: unknown = JSON.parse(line === 1 ? trimmed.replace(/^\uFEFF/, '') : trimmed);
        if (!value || typeof value !== 'object' || Array.isArray(value))
          throw new Error('expected one JSON object per line');
        yield { line, record: value as Record<string, unknown>, error: null };
      } catch (error) {
        yield { line, record: null, error: `not valid JSON: ${(error as Error).message}` };
      }
    }
    return;
  }
  const parser = input.pipe(
    parse({
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }),
  );
  let lastLine = 1;
  try {
    for await (const item of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      lastLine = item.info.lines;
      yield { line: item.info.lines, record: item.record, error: null };
    }
  } catch (error) {
    // csv-parse cannot resynchronise after broken quoting; say where it broke and that reading stopped.
    const line = (error as { lines?: number }).lines ?? lastLine + 1;
    yield {
      line,
      record: null,
      error: `${(error as Error).message}; rows after this line were not read — fix the quoting and import again`,
    };
  }
}
