import { createHash } from 'node:crypto';
import { usageRequestSchema, type UsageRequest } from '../../../src-shared/api/usage-request';
import { ACTION_KINDS, type ActionKind } from '../../../src-shared/pricing/actions';
import { crawlOrigin } from '../../../src-shared/ledger/ids';
import {
  IMPORT_COLUMNS,
  ignoredColumns,
  importColumn,
  resolveColumns,
  type ImportColumn,
  type ImportField,
} from '../../../src-shared/import/format';

export interface ParsedRow {
  sourceEventId: string;
  occurredAt: number;
  request: UsageRequest;
}

export type ImportColumnMapping = Partial<Record<ImportField, string>>;

/** A row that cannot be imported: every problem of the row, each in plain words. */
export class RowError extends Error {
  override readonly name = 'RowError';
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/** ISO 8601 with an explicit zone, or epoch milliseconds. A billing import never guesses a time zone. */
export function parseTime(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^\d{1,16}$/.test(text)) return Number(text);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
      throw new Error(
        `occurred_at "${text.slice(0, 40)}" is not an ISO 8601 time with a zone (e.g. 2026-11-03T09:15:00Z) or epoch milliseconds`,
      );
    }
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) throw new Error(`occurred_at "${text}" is not a real date`);
    return ms;
  }
  throw new Error('occurred_at is missing (e.g. 2026-11-03T09:15:00Z)');
}

function convert(value: unknown, column: ImportColumn): unknown {
  const shown = String(value).slice(0, 60);
  if (column.type === 'string') return String(value).trim();
  if (column.type === 'bool') {
    if (typeof value === 'boolean') return value;
    const t = String(value).trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(t)) return true;
    if (['false', '0', 'no', 'off'].includes(t)) return false;
    throw new Error(`${column.name} "${shown}" is not true or false`);
  }
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isSafeInteger(n) || n < 0)
    throw new Error(`${column.name} "${shown}" is not a whole number ≥ 0`);
  return n;
}

const label = (field: ImportField) => importColumn(field).name;

/** A schema refusal in the words of the import format (never the validator's own text). */
function plainIssue(path: PropertyKey[], code: string, kind: ActionKind): string {
  const column = IMPORT_COLUMNS.find((c) => c.field === path[0]);
  if (!column) return `the row does not fit kind ${kind}`;
  if (code === 'invalid_type')
    return `${column.name} is missing; kind ${kind} needs it (e.g. ${column.example})`;
  if (code === 'too_big') return `${column.name} is too long or too large`;
  if (code === 'too_small') return `${column.name} is empty or too small`;
  return `${column.name} is not valid for kind ${kind} (e.g. ${column.example})`;
}

/** The file column of each field, computed once per set of record keys (CSV rows share theirs). */
export class ColumnResolver {
  private readonly cache = new Map<string, Partial<Record<ImportField, string>>>();
  /** File columns no field is read from, across every record seen (at most 50 names). */
  readonly ignored = new Set<string>();
  constructor(private readonly mapping: ImportColumnMapping) {}

  columnsOf(record: Record<string, unknown>): Partial<Record<ImportField, string>> {
    const keys = Object.keys(record);
    const signature = keys.join('\u0000');
    let resolved = this.cache.get(signature);
    if (!resolved) {
      if (this.cache.size > 256) this.cache.clear();
      resolved = resolveColumns(keys, this.mapping);
      this.cache.set(signature, resolved);
      for (const name of ignoredColumns(keys, this.mapping))
        if (this.ignored.size < 50 && name.trim() !== '') this.ignored.add(name);
    }
    return resolved;
  }
}

/**
 * One import record (a CSV row with headers, or an NDJSON object) as a usage fact, or a RowError
 * naming all of the row's problems. Columns that do not apply to the row's kind are ignored.
 * `duplicateIndex` numbers identical rows without an event id within one file, so re-importing the
 * file maps each row to the same id again (idempotent) while two identical rows still count twice.
 */
export function parseUsageRecord(
  record: Record<string, unknown>,
  columns: ColumnResolver,
  duplicateIndex: (fingerprint: string) => number,
): ParsedRow {
  const at = columns.columnsOf(record);
  const value = (field: ImportField): unknown => {
    const column = at[field];
    return column === undefined || !present(record[column]) ? undefined : record[column];
  };
  const problems: string[] = [];
  const rawKind = value('kind');
  const kindText = rawKind === undefined ? undefined : String(rawKind).trim();
  const kind = (ACTION_KINDS as readonly string[]).includes(kindText ?? '') ? (kindText as ActionKind) : null;
  if (!kind)
    problems.push(
      `kind ${kindText === undefined ? 'is missing' : `"${kindText.slice(0, 40)}" is not an action`}; use one of ${ACTION_KINDS.join(', ')}`,
    );
  let occurredAt = 0;
  try {
    occurredAt = parseTime(value('occurredAt'));
  } catch (error) {
    problems.push((error as Error).message);
  }
  const request: Record<string, unknown> = { kind };
  if (kind) {
    for (const column of IMPORT_COLUMNS) {
      if (column.kinds === 'all' || !column.kinds.includes(kind)) continue;
      const raw = value(column.field);
      if (raw === undefined) {
        if (column.required !== 'always' && column.required.includes(kind))
          problems.push(
            `${column.name} is missing; kind ${kind} needs it: ${column.what.replace(/\.$/, '').toLowerCase()} (e.g. ${column.example})`,
          );
        continue;
      }
      try {
        request[column.field] = convert(raw, column);
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    if (
      kind === 'website_crawl' &&
      typeof request.origin === 'string' &&
      crawlOrigin(request.origin) === null
    )
      problems.push(
        `origin "${request.origin.slice(0, 80)}" is not an http(s) site address (e.g. https://help.example.com)`,
      );
  }
  const rawId = value('eventId');
  const givenId = rawId === undefined ? undefined : String(rawId).trim();
  if (givenId !== undefined && givenId.length > 200)
    problems.push(`${label('eventId')} is longer than 200 characters`);
  if (problems.length > 0) throw new RowError(problems);

  const parsed = usageRequestSchema.safeParse(request);
  if (!parsed.success)
    throw new RowError([...new Set(parsed.error.issues.map((i) => plainIssue(i.path, i.code, kind!)))]);
  let eventId = givenId;
  if (eventId === undefined) {
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([occurredAt, parsed.data]))
      .digest('hex')
      .slice(0, 32);
    eventId = `row:${fingerprint}:${duplicateIndex(fingerprint)}`;
  }
  return { sourceEventId: eventId, occurredAt, request: parsed.data };
}
