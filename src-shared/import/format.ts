import { ACTION_KINDS, type ActionKind } from '../pricing/actions';

/** The usage-import fields a column can be mapped to (keys of the import's column mapping). */
export type ImportField =
  | 'eventId'
  | 'occurredAt'
  | 'kind'
  | 'conversationMessages'
  | 'autoDraftAll'
  | 'labelCount'
  | 'model'
  | 'contextTokens'
  | 'count'
  | 'chars'
  | 'origin';

export interface ImportColumn {
  field: ImportField;
  /** The column name in a file (CSV header or NDJSON key). */
  name: string;
  /** Other names read as this column when the file has no column of `name`. */
  aliases: readonly string[];
  type: 'string' | 'int' | 'bool' | 'time' | 'kind';
  /** Every row needs it, or only rows of these kinds; empty: optional. */
  required: 'always' | readonly ActionKind[];
  /** Kinds the column is read for; other rows ignore it (a wide file may fill it for every row). */
  kinds: readonly ActionKind[] | 'all';
  /** One sentence for people: what to put there. */
  what: string;
  example: string;
}

/**
 * The usage import format: one definition for the importer, the import dialog, the templates and
 * docs/import-format.md, so they cannot describe different formats.
 */
export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  {
    field: 'eventId',
    name: 'event_id',
    aliases: ['eventId', 'id'],
    type: 'string',
    required: [],
    kinds: 'all',
    what: 'Your id for the event (1–200 characters); importing it again adds nothing. Without it, identical rows are told apart by position.',
    example: 'evt-1001',
  },
  {
    field: 'occurredAt',
    name: 'occurred_at',
    aliases: ['occurredAt', 'timestamp'],
    type: 'time',
    required: 'always',
    kinds: 'all',
    what: 'When it happened: an ISO 8601 time with a zone, or epoch milliseconds.',
    example: '2026-11-03T09:15:00Z',
  },
  {
    field: 'kind',
    name: 'kind',
    aliases: ['action'],
    type: 'kind',
    required: 'always',
    kinds: 'all',
    what: `The AI action: ${ACTION_KINDS.join(', ')}.`,
    example: 'ai_reply',
  },
  {
    field: 'conversationMessages',
    name: 'conversation_messages',
    aliases: ['conversationMessages'],
    type: 'int',
    required: [],
    kinds: ['ai_reply'],
    what: 'Messages in the conversation; long ones cost more when auto-draft is on.',
    example: '12',
  },
  {
    field: 'autoDraftAll',
    name: 'auto_draft_all',
    aliases: ['autoDraftAll'],
    type: 'bool',
    required: [],
    kinds: ['ai_reply'],
    what: 'true or false: was "AI draft for all incoming messages" on? Empty: the workspace setting.',
    example: 'false',
  },
  {
    field: 'labelCount',
    name: 'label_count',
    aliases: ['labelCount'],
    type: 'int',
    required: [],
    kinds: ['ai_label'],
    what: 'Labels in the workspace then; over 100 cost more. Empty: the workspace setting.',
    example: '40',
  },
  {
    field: 'model',
    name: 'model',
    aliases: [],
    type: 'string',
    required: [],
    kinds: ['chatbot_message'],
    what: 'The chatbot model. Empty: the workspace setting.',
    example: 'gpt-4o-mini',
  },
  {
    field: 'contextTokens',
    name: 'context_tokens',
    aliases: ['contextTokens'],
    type: 'int',
    required: [],
    kinds: ['chatbot_message'],
    what: 'Context tokens of the chatbot message, where the rate card prices them.',
    example: '1800',
  },
  {
    field: 'count',
    name: 'count',
    aliases: [],
    type: 'int',
    required: [],
    kinds: ['kb_article', 'conversation_embedding'],
    what: 'How many articles or conversations the row stands for. Empty: 1.',
    example: '250',
  },
  {
    field: 'chars',
    name: 'chars',
    aliases: [],
    type: 'int',
    required: ['page_scrape', 'document'],
    kinds: ['page_scrape', 'document'],
    what: 'Characters of cleaned text; a page is 5,000 characters.',
    example: '12000',
  },
  {
    field: 'origin',
    name: 'origin',
    aliases: [],
    type: 'string',
    required: ['website_crawl'],
    kinds: ['website_crawl'],
    what: 'The crawled site (an http(s) address); a site is charged once.',
    example: 'https://help.example.com',
  },
];

export const importColumn = (field: ImportField): ImportColumn =>
  IMPORT_COLUMNS.find((c) => c.field === field)!;

/** The rows both templates hold: one of each common kind, valid as they stand. */
const EXAMPLE_ROWS: readonly Partial<Record<ImportField, string>>[] = [
  {
    eventId: 'evt-1001',
    occurredAt: '2026-11-03T09:15:00Z',
    kind: 'ai_reply',
    conversationMessages: '12',
    autoDraftAll: 'false',
  },
  { eventId: 'evt-1002', occurredAt: '2026-11-03T09:16:00Z', kind: 'ai_label', labelCount: '40' },
  { eventId: 'evt-1003', occurredAt: '2026-11-03T09:17:00Z', kind: 'ai_prioritize' },
  { eventId: 'evt-1004', occurredAt: '2026-11-03T09:18:00Z', kind: 'chatbot_message', model: 'gpt-4o-mini' },
  { eventId: 'evt-1005', occurredAt: '2026-11-03T09:19:00Z', kind: 'document', chars: '12000' },
  {
    eventId: 'evt-1006',
    occurredAt: '2026-11-03T09:20:00Z',
    kind: 'website_crawl',
    origin: 'https://help.example.com',
  },
  { eventId: 'evt-1007', occurredAt: '2026-11-03T09:21:00Z', kind: 'conversation_embedding', count: '250' },
];

/** A CSV template: every column as a header, then the example rows. */
export function csvTemplate(): string {
  const header = IMPORT_COLUMNS.map((c) => c.name).join(',');
  const rows = EXAMPLE_ROWS.map((row) => IMPORT_COLUMNS.map((c) => row[c.field] ?? '').join(','));
  return [header, ...rows].join('\r\n') + '\r\n';
}

/** An NDJSON template: the example rows, one object per line, numbers and booleans typed. */
export function ndjsonTemplate(): string {
  return (
    EXAMPLE_ROWS.map((row) => {
      const record: Record<string, string | number | boolean> = {};
      for (const c of IMPORT_COLUMNS) {
        const value = row[c.field];
        if (value === undefined) continue;
        record[c.name] = c.type === 'int' ? Number(value) : c.type === 'bool' ? value === 'true' : value;
      }
      return JSON.stringify(record);
    }).join('\n') + '\n'
  );
}

/** A file column name as the importer compares it (CSV headers are read trimmed and lower-cased). */
export const columnKey = (name: string): string => name.trim().toLowerCase();

/**
 * The file column each field is read from: the user's mapping first, then our name, then an alias.
 * `columns` are the file's own column names.
 */
export function resolveColumns(
  columns: readonly string[],
  mapping: Partial<Record<ImportField, string>>,
): Partial<Record<ImportField, string>> {
  const byKey = new Map(columns.map((c) => [columnKey(c), c]));
  const resolved: Partial<Record<ImportField, string>> = {};
  for (const c of IMPORT_COLUMNS) {
    const mapped = mapping[c.field];
    if (mapped !== undefined) {
      const found = byKey.get(columnKey(mapped));
      if (found !== undefined) resolved[c.field] = found;
      continue;
    }
    for (const name of [c.name, ...c.aliases]) {
      const found = byKey.get(columnKey(name));
      if (found !== undefined) {
        resolved[c.field] = found;
        break;
      }
    }
  }
  return resolved;
}

/** The file's columns no field is read from: they are ignored, and the user is told so. */
export function ignoredColumns(
  columns: readonly string[],
  mapping: Partial<Record<ImportField, string>>,
): string[] {
  const used = new Set(Object.values(resolveColumns(columns, mapping)).map(columnKey));
  return columns.filter((c) => !used.has(columnKey(c)));
}
