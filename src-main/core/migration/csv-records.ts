import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { ExportFormat } from './types';

const norm = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

const TEXT_COLUMNS = new Set([
  'subject',
  'title',
  'preview',
  'body',
  'message',
  'messagebody',
  'conversationbody',
  'description',
  'text',
  'threads',
  'threadbody',
  'firstmessage',
]);

export interface CsvLayout {
  format: ExportFormat;
  /** Header names (as written) whose text is counted. */
  text: string[];
  status: string | null;
  state: string | null;
  /** Set when rows are messages of conversations (Intercom message export): rows group by this id. */
  groupBy: string | null;
}

/**
 * Recognises a conversations CSV from its header row. Help Scout's report export names a
 * mailbox; Intercom's conversation export has conversation ids with state or message columns.
 */
export function csvLayout(headers: string[], forced?: ExportFormat): CsvLayout | null {
  const byNorm = new Map(headers.map((h) => [norm(h), h]));
  const has = (...names: string[]) => names.some((n) => byNorm.has(n));
  const pick = (...names: string[]) => names.map((n) => byNorm.get(n)).find((h) => h !== undefined) ?? null;
  const text = headers.filter((h) => TEXT_COLUMNS.has(norm(h)));
  let format: ExportFormat | null = forced ?? null;
  if (!format) {
    if (
      has('conversationid') &&
      has('conversationstate', 'appid', 'appname', 'messagetype', 'messagebody', 'conversationstartedat')
    ) {
      format = 'intercom-conversations';
    } else if (has('mailbox', 'mailboxname', 'mailboxid') || (has('conversationnumber') && has('status'))) {
      format = 'helpscout-conversations';
    }
  }
  if (format !== 'intercom-conversations' && format !== 'helpscout-conversations') return null;
  const groupBy = format === 'intercom-conversations' && has('messagetype') ? pick('conversationid') : null;
  return {
    format,
    text,
    status: pick('status', 'conversationstatus'),
    state: pick('state', 'conversationstate'),
    groupBy,
  };
}

export interface CsvCallbacks {
  onHeaders: (headers: string[]) => CsvLayout;
  onRow: (row: Record<string, string>, line: number) => void;
  onBadRow: (line: number, message: string) => void;
}

/** Streams CSV rows with csv-parse; a malformed row is reported with its line and skipped. */
export async function streamCsvRows(
  chunks: AsyncIterable<Buffer>,
  callbacks: CsvCallbacks,
  signal?: AbortSignal,
): Promise<void> {
  const parser = parse({
    bom: true,
    columns: (header: string[]) => {
      callbacks.onHeaders(header);
      return header;
    },
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
  });
  parser.on('skip', (error: Error & { lines?: number }) =>
    callbacks.onBadRow(error.lines ?? 0, error.message),
  );
  const source = Readable.from(chunks);
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  for await (const item of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number };
  }>) {
    signal?.throwIfAborted();
    callbacks.onRow(item.record, item.info.lines);
  }
}
