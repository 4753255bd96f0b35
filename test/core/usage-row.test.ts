import { describe, expect, it } from 'vitest';
import { ColumnResolver, parseUsageRecord, RowError } from '../../src-main/core/import/usage-row';
import type { ImportField } from '../../src-shared/import/format';

const parse = (record: Record<string, unknown>, mapping: Partial<Record<ImportField, string>> = {}) =>
  parseUsageRecord(record, new ColumnResolver(mapping), () => 0);
const problems = (record: Record<string, unknown>): string[] => {
  try {
    parse(record);
  } catch (error) {
    if (error instanceof RowError) return error.problems;
    throw error;
  }
  throw new Error('the row was accepted');
};
const at = '2026-11-03T09:15:00Z';

describe('an imported website_crawl row', () => {
  it('without a site is refused, so "once per site" holds', () => {
    expect(problems({ kind: 'website_crawl', occurred_at: at, event_id: 'c1' })).toEqual([
      'origin is missing; kind website_crawl needs it: the crawled site (an http(s) address); a site is charged once (e.g. https://help.example.com)',
    ]);
    expect(problems({ kind: 'website_crawl', occurred_at: at, origin: '' })).toHaveLength(1);
  });

  it('with something that is not a site address is refused with an example', () => {
    expect(problems({ kind: 'website_crawl', occurred_at: at, origin: 'help desk' })).toEqual([
      'origin "help desk" is not an http(s) site address (e.g. https://help.example.com)',
    ]);
  });

  it('with its site is read', () => {
    expect(
      parse({ kind: 'website_crawl', occurred_at: at, origin: 'https://Help.Example.com/docs' }),
    ).toMatchObject({
      request: { kind: 'website_crawl', origin: 'https://Help.Example.com/docs' },
    });
  });
});

describe('row errors in plain words', () => {
  it('names every problem of a row at once, never the validator’s text', () => {
    const found = problems({ kind: 'document', occurred_at: 'yesterday', chars: '' });
    expect(found).toEqual([
      'occurred_at "yesterday" is not an ISO 8601 time with a zone (e.g. 2026-11-03T09:15:00Z) or epoch milliseconds',
      'chars is missing; kind document needs it: characters of cleaned text; a page is 5,000 characters (e.g. 12000)',
    ]);
    expect(found.join(' ')).not.toMatch(/expected|received|undefined|invalid_type/i);
    expect(problems({ occurred_at: at })).toEqual([
      expect.stringMatching(/^kind is missing; use one of ai_reply/),
    ]);
    expect(problems({ kind: 'teleport', occurred_at: at })[0]).toMatch(/^kind "teleport" is not an action/);
    expect(problems({ kind: 'ai_label', label_count: 'many' })).toEqual([
      'occurred_at is missing (e.g. 2026-11-03T09:15:00Z)',
      'label_count "many" is not a whole number ≥ 0',
    ]);
    expect(problems({ kind: 'ai_reply', occurred_at: at, auto_draft_all: 'maybe' })).toEqual([
      'auto_draft_all "maybe" is not true or false',
    ]);
  });

  it('a column that does not apply to the row’s kind is ignored, not an error', () => {
    expect(parse({ kind: 'ai_prioritize', occurred_at: at, label_count: '40', chars: '9' }).request).toEqual({
      kind: 'ai_prioritize',
    });
  });
});

describe('column mapping', () => {
  it('reads fields from the columns the user mapped, case-insensitively, before our names', () => {
    const row = parse(
      { Type: 'ai_label', When: '1794700800000', Ref: 't-9', Labels: '150', kind: 'document' },
      { kind: 'type', occurredAt: 'when', eventId: 'ref', labelCount: 'LABELS' },
    );
    expect(row).toEqual({
      sourceEventId: 't-9',
      occurredAt: 1794700800000,
      request: { kind: 'ai_label', labelCount: 150 },
    });
  });

  it('collects the columns no field is read from', () => {
    const columns = new ColumnResolver({ kind: 'type' });
    parseUsageRecord({ type: 'ai_prioritize', occurred_at: at, agent: 'x', team: 'y' }, columns, () => 0);
    parseUsageRecord({ type: 'ai_prioritize', occurred_at: at, agent: 'x', queue: 'z' }, columns, () => 0);
    expect([...columns.ignored]).toEqual(['agent', 'team', 'queue']);
  });
});
