import { splitLines } from './lines';
import { streamCsvRows, csvLayout, type CsvLayout } from './csv-records';
import { streamJsonRecords } from './json-records';
import { classify, recordFormat } from './records';
import { openSource, type OpenedSource } from './source';
import {
  ExportFormatError,
  PLATFORM_NAMES,
  PLATFORM_OF,
  type CountOptions,
  type ExportContainer,
  type ExportCount,
  type ExportFormat,
  type ExportInput,
} from './types';

const MAX_PROBLEMS = 100;
const PROGRESS_EVERY = 5000;

const FORMAT_NAMES: Record<ExportFormat, string> = {
  'zendesk-tickets': 'Zendesk tickets',
  'zendesk-articles': 'Zendesk Help Center articles',
  'helpscout-conversations': 'Help Scout conversations',
  'intercom-conversations': 'Intercom conversations',
  'intercom-articles': 'Intercom articles',
};

const EXPECTED =
  'Expected: a Zendesk ticket export (JSON, one ticket per line) or Help Center articles JSON, Help Scout conversations (API JSON or CSV), or Intercom conversations (JSON or CSV) or articles JSON.';

/** The least each platform's records must carry to be recognised, said in the error a user sees. */
export const FIELDS_WANTED =
  'A Zendesk ticket needs id, subject and description (status is read to skip deleted tickets); a Help Center article needs title, body and section_id; a Help Scout conversation needs mailboxId and subject; an Intercom conversation needs "type": "conversation" with source or conversation_parts, an Intercom article "type": "article".';

function unknownRecord(name: string, record: Record<string, unknown>, what: string): ExportFormatError {
  const keys = Object.keys(record);
  const shown = keys.slice(0, 8).join(', ') + (keys.length > 8 ? ', …' : '');
  return new ExportFormatError(
    `${name} is ${what}, but its records (fields: ${shown || 'none'}) are not tickets, conversations or articles this app knows.`,
    FIELDS_WANTED,
  );
}

/**
 * Counts conversations, articles and characters in one help-desk export, streaming it so memory
 * stays flat however large the file. Malformed lines and rows are reported and skipped.
 *
 * @throws ExportFormatError when the file is not a recognisable export (or not of `platform`).
 */
export async function countExport(input: ExportInput, options: CountOptions = {}): Promise<ExportCount> {
  const source = await openSource(input, options.signal);
  const head = stripBom(source.head.toString('utf8'));
  const sniffed = sniff(head, options.format);
  const counter = new Tally(source, sniffed.container, options);
  if (sniffed.format) counter.setFormat(sniffed.format);

  if (sniffed.container === 'ndjson') await countNdjson(source, counter, options.signal);
  else if (sniffed.container === 'json') await countJson(source, counter, options.signal);
  else await countCsv(source, counter, options.format, options.signal);
  return counter.result();
}

interface Sniffed {
  container: ExportContainer;
  format: ExportFormat | null;
}

function sniff(head: string, forced?: ExportFormat): Sniffed {
  const start = head.search(/\S/);
  if (start < 0) throw new ExportFormatError('The file is empty.', EXPECTED);
  const first = head[start];
  if (first === '[') return { container: 'json', format: forced ?? null };
  if (first === '{') {
    const newline = head.indexOf('\n', start);
    if (newline >= 0) {
      try {
        const record = JSON.parse(head.slice(start, newline)) as unknown;
        if (record && typeof record === 'object' && !Array.isArray(record)) {
          const format = forced ?? recordFormat(record as Record<string, unknown>);
          // A one-line API page ({"tickets": [...]}) is a document, not a line of records; any
          // other complete object on the first line is one record per line, known or not (the
          // records themselves then say what they are, or which fields they lack).
          if (!isContainer(record as Record<string, unknown>)) return { container: 'ndjson', format };
        }
      } catch {
        // Not one object per line: a pretty-printed document.
      }
    }
    return { container: 'json', format: forced ?? null };
  }
  const firstLine = head.slice(start, head.indexOf('\n', start) >>> 0);
  if (/[,;\t]/.test(firstLine)) return { container: 'csv', format: forced ?? null };
  throw new ExportFormatError(
    'This file is neither JSON nor CSV, so it is not a help-desk export.',
    EXPECTED,
  );
}

function isContainer(record: Record<string, unknown>): boolean {
  return ['tickets', 'articles', 'conversations', 'data', '_embedded'].some(
    (k) =>
      Array.isArray(record[k]) ||
      (k === '_embedded' &&
        typeof record[k] === 'object' &&
        record[k] !== null &&
        !('threads' in (record[k] as object))),
  );
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Running totals for one file, with the format check and progress reporting. */
class Tally {
  format: ExportFormat | null = null;
  conversations = 0;
  articles = 0;
  characters = 0;
  records = 0;
  skipped = { spam: 0, deleted: 0, draft: 0 };
  problems: { line: number | null; message: string }[] = [];
  problemCount = 0;
  complete = true;

  constructor(
    private readonly source: OpenedSource,
    private readonly container: ExportContainer,
    private readonly options: CountOptions,
  ) {}

  setFormat(format: ExportFormat): void {
    const wanted = this.options.platform;
    if (wanted && PLATFORM_OF[format] !== wanted) {
      const other = PLATFORM_NAMES[PLATFORM_OF[format]];
      throw new ExportFormatError(
        `${this.source.name} looks like ${/^[AEIOU]/.test(other) ? 'an' : 'a'} ${other} export (${FORMAT_NAMES[format]}), but ${PLATFORM_NAMES[wanted]} was chosen.`,
        `Switch to ${other}, or add the ${PLATFORM_NAMES[wanted]} export instead.`,
        PLATFORM_OF[format],
      );
    }
    this.format = format;
  }

  add(record: Record<string, unknown>): void {
    const c = classify(this.format!, record);
    this.records++;
    if (c.kind === 'skip') this.skipped[c.reason]++;
    else {
      if (c.kind === 'conversation') this.conversations++;
      else this.articles++;
      this.characters += c.chars;
    }
    if (this.records % PROGRESS_EVERY === 0) this.progress();
  }

  problem(line: number | null, message: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ line, message });
  }

  progress(): void {
    this.options.onProgress?.({
      name: this.source.name,
      bytesRead: this.source.bytesRead(),
      bytesTotal: this.source.bytesTotal,
      records: this.records,
    });
  }

  result(): ExportCount {
    if (!this.format) {
      throw new ExportFormatError(`${this.source.name} holds no records this app recognises.`, EXPECTED);
    }
    this.progress();
    return {
      name: this.source.name,
      platform: PLATFORM_OF[this.format],
      format: this.format,
      container: this.container,
      conversations: this.conversations,
      articles: this.articles,
      characters: this.characters,
      skipped: this.skipped,
      problems: this.problems,
      problemCount: this.problemCount,
      complete: this.complete,
      bytesRead: this.source.bytesRead(),
    };
  }
}

async function countNdjson(source: OpenedSource, tally: Tally, signal?: AbortSignal): Promise<void> {
  const tooLong = (n: number) => tally.problem(n, 'This line is longer than 64 MB, so it was skipped.');
  for await (const line of splitLines(source.chunks, tooLong)) {
    if ((line.number & 1023) === 0) signal?.throwIfAborted();
    const text = line.number === 1 ? stripBom(line.text) : line.text;
    if (text.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (error) {
      tally.problem(line.number, `Not valid JSON (${(error as Error).message}); the line was skipped.`);
      continue;
    }
    if (!record || typeof record !== 'object' || Array.isArray(record)) {
      tally.problem(line.number, 'Not a JSON object; the line was skipped.');
      continue;
    }
    if (!tally.format) {
      const format = recordFormat(record as Record<string, unknown>);
      if (!format)
        throw unknownRecord(source.name, record as Record<string, unknown>, 'one JSON object per line');
      tally.setFormat(format);
    }
    tally.add(record as Record<string, unknown>);
  }
}

async function countJson(source: OpenedSource, tally: Tally, signal?: AbortSignal): Promise<void> {
  let unknown: ExportFormatError | null = null;
  const outcome = await streamJsonRecords(
    source.chunks,
    ({ value, container }) => {
      if (unknown) return;
      if (!tally.format) {
        const format = recordFormat(value, container);
        if (!format) {
          unknown = unknownRecord(source.name, value, 'JSON');
          return;
        }
        // Thrown here, a wrong-platform error would be taken for broken JSON by the parser.
        try {
          tally.setFormat(format);
        } catch (error) {
          unknown = error as ExportFormatError;
          return;
        }
      }
      tally.add(value);
    },
    () => signal?.throwIfAborted(),
  );
  if (unknown) throw unknown;
  signal?.throwIfAborted();
  if (outcome.error && !tally.format) {
    throw new ExportFormatError(
      `${source.name} is not valid JSON: it breaks around line ${outcome.line} (${outcome.error.message}) before any record.`,
      'Export the file again; a JSON export must be complete to be read.',
    );
  }
  if (outcome.error) {
    tally.complete = false;
    tally.problem(
      outcome.line,
      `The JSON is broken around line ${outcome.line} (${outcome.error.message}); records after that point were not counted.`,
    );
  }
}

async function countCsv(
  source: OpenedSource,
  tally: Tally,
  forced: ExportFormat | undefined,
  signal?: AbortSignal,
): Promise<void> {
  let layout: CsvLayout | null = null;
  let lastGroup: string | null = null;
  let lastBadLine = -1;
  await streamCsvRows(
    source.chunks,
    {
      onHeaders: (headers) => {
        layout = csvLayout(headers, forced);
        if (!layout) {
          throw new ExportFormatError(
            `${source.name} is a CSV file, but its columns (${headers.slice(0, 8).join(', ')}${headers.length > 8 ? ', …' : ''}) are not a known conversations export.`,
            `${EXPECTED} Help Scout CSV needs a Mailbox column; Intercom CSV needs Conversation ID with state or message columns.`,
          );
        }
        tally.setFormat(layout.format);
        return layout;
      },
      onRow: (row) => {
        const l = layout!;
        const status = l.status ? row[l.status]?.trim().toLowerCase() : undefined;
        const state = l.state ? row[l.state]?.trim().toLowerCase() : undefined;
        const record: Record<string, unknown> = { status, state };
        const text = l.text.map((h) => row[h] ?? '').join('\n');
        if (l.groupBy) {
          // One row per message: a new conversation starts where the id changes (rows come grouped).
          const id = row[l.groupBy] ?? '';
          const isNew = id !== lastGroup;
          lastGroup = id;
          const c = classify(l.format, { ...record, title: text });
          if (isNew) tally.add({ ...record, title: text });
          // Later messages join the conversation's text with one space, as a single text would.
          else if (c.kind === 'conversation' && c.chars > 0) tally.characters += c.chars + 1;
          return;
        }
        tally.add({ ...record, subject: text, title: text });
      },
      onBadRow: (line, message) => {
        // One broken row can raise several parser errors; report the row once.
        if (line === lastBadLine) return;
        lastBadLine = line;
        tally.problem(line, `Malformed CSV row (${message}); it was skipped.`);
      },
    },
    signal,
  );
}
