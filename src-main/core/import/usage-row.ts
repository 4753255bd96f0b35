import { createHash } from 'node:crypto';
import { usageRequestSchema, type UsageRequest } from '../../../src-shared/api/usage-request';
import { ACTION_KINDS } from '../../../src-shared/pricing/actions';
import type { ImportMapping } from '../../../src-shared/api/methods';
import { crawlOrigin } from '../../../src-shared/ledger/ids';

export interface ParsedRow {
  sourceEventId: string;
  occurredAt: number;
  request: UsageRequest;
}

/** Our field names; each also accepted in camelCase, and overridable by the import's column mapping. */
const FIELDS: Record<string, { key: string; type: 'int' | 'bool' | 'string' }> = {
  auto_draft_all: { key: 'autoDraftAll', type: 'bool' },
  conversation_messages: { key: 'conversationMessages', type: 'int' },
  label_count: { key: 'labelCount', type: 'int' },
  model: { key: 'model', type: 'string' },
  context_tokens: { key: 'contextTokens', type: 'int' },
  count: { key: 'count', type: 'int' },
  chars: { key: 'chars', type: 'int' },
  origin: { key: 'origin', type: 'string' },
};

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

function pick(record: Record<string, unknown>, names: string[]): unknown {
  for (const name of names) {
    const value = record[name];
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

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
  throw new Error('occurred_at is missing');
}

function convert(value: unknown, type: 'int' | 'bool' | 'string', field: string): unknown {
  if (type === 'string') return String(value);
  if (type === 'bool') {
    if (typeof value === 'boolean') return value;
    const t = String(value).trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(t)) return true;
    if (['false', '0', 'no', 'off'].includes(t)) return false;
    throw new Error(`${field} "${String(value)}" is not true/false`);
  }
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isSafeInteger(n) || n < 0)
    throw new Error(`${field} "${String(value)}" is not a whole number ≥ 0`);
  return n;
}

/**
 * One import record (a CSV row with headers, or an NDJSON object) as a usage fact. `duplicateIndex`
 * numbers identical rows without an event id within one file, so re-importing the file maps each
 * row to the same id again (idempotent) while two identical rows still count twice.
 */
export function parseUsageRecord(
  record: Record<string, unknown>,
  mapping: ImportMapping,
  duplicateIndex: (fingerprint: string) => number,
): ParsedRow {
  const kind = pick(record, [mapping.kind ?? 'kind', 'kind', 'action']);
  if (typeof kind !== 'string' || !(ACTION_KINDS as readonly string[]).includes(kind.trim())) {
    throw new Error(
      `kind ${kind === undefined ? 'is missing' : `"${String(kind)}" is unknown`}; use one of ${ACTION_KINDS.join(', ')}`,
    );
  }
  const occurredAt = parseTime(
    pick(record, [mapping.occurredAt ?? 'occurred_at', 'occurred_at', 'occurredAt', 'timestamp']),
  );
  const request: Record<string, unknown> = { kind: kind.trim() };
  for (const [snake, { key, type }] of Object.entries(FIELDS)) {
    const value = pick(record, [snake, key, camel(snake)]);
    if (value !== undefined) request[key] = convert(value, type, snake);
  }
  if (request.kind === 'website_crawl') {
    // Without its site a crawl cannot be charged "once per site": it would be charged every time.
    const site = request.origin;
    if (typeof site !== 'string' || !site.trim())
      throw new Error(
        'website_crawl needs the site in origin (e.g. https://help.example.com): a crawl is charged once per site',
      );
    if (crawlOrigin(site) === null)
      throw new Error(
        `origin "${site.slice(0, 80)}" is not an http(s) site address (e.g. https://help.example.com)`,
      );
  }
  const parsed = usageRequestSchema.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${issue.path.join('.') || 'row'}: ${issue.message} for kind ${kind}`);
  }
  let eventId = pick(record, [mapping.eventId ?? 'event_id', 'event_id', 'eventId', 'id']);
  if (eventId === undefined) {
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([occurredAt, parsed.data]))
      .digest('hex')
      .slice(0, 32);
    eventId = `row:${fingerprint}:${duplicateIndex(fingerprint)}`;
  }
  const id = String(eventId).trim();
  if (!id || id.length > 200) throw new Error('event_id must be 1–200 characters');
  return { sourceEventId: id, occurredAt, request: parsed.data };
}
