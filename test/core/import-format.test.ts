import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_COLUMNS, csvTemplate, ndjsonTemplate } from '../../src-shared/import/format';
import { openTestCore, type TestCore } from './core-fixture';

let t: TestCore;
beforeAll(async () => {
  t = await openTestCore();
});
afterAll(() => t.close());

async function upload(name: string, text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  const { uploadId } = await t.call('beginUpload', { name, size: bytes.byteLength });
  if (bytes.byteLength) await t.call('appendUpload', { uploadId, chunk: bytes });
  return uploadId;
}

describe('the import format', () => {
  it('both templates import cleanly and record the same usage', async () => {
    const csv = await t.call('importUsage', {
      jobId: randomUUID(),
      file: { uploadId: await upload('t.csv', csvTemplate()) },
    });
    expect(csv).toMatchObject({ rows: 7, imported: 7, errorCount: 0, ignoredColumns: [] });
    // The NDJSON template holds the same events: every one is already recorded.
    const nd = await t.call('importUsage', {
      jobId: randomUUID(),
      file: { uploadId: await upload('t.ndjson', ndjsonTemplate()) },
    });
    expect(nd).toMatchObject({ rows: 7, imported: 0, duplicates: 7, errorCount: 0, conflicts: 0 });
  });

  it('a mapped CSV imports; unknown columns are reported as ignored', async () => {
    const file = [
      'Ticket,When,Action,Labels,Agent',
      'z-1,2026-11-10T09:00:00Z,ai_label,150,ana',
      'z-2,2026-11-10T09:05:00Z,ai_prioritize,,ben',
    ].join('\n');
    const result = await t.call('importUsage', {
      jobId: randomUUID(),
      file: { uploadId: await upload('mapped.csv', file) },
      mapping: { eventId: 'Ticket', occurredAt: 'When', kind: 'Action', labelCount: 'Labels' },
    });
    expect(result).toMatchObject({ rows: 2, imported: 2, errorCount: 0, ignoredColumns: ['agent'] });
    const page = await t.call('listLedger', { limit: 10 });
    expect(page.rows.find((r) => r.id === 'usage:z-1')?.amount).toBe(-2000);
  });

  it('lists every row error of a bad file at once, line by line', async () => {
    const file = [
      'event_id,occurred_at,kind,chars,origin',
      'b-1,yesterday,document,,',
      'b-2,2026-11-10T09:00:00Z,website_crawl,,',
      'b-3,2026-11-10T09:00:00Z,teleport,,',
      'b-4,2026-11-10T09:00:00Z,page_scrape,-4,',
      'b-5,2026-11-10T09:00:00Z,document,4000,',
    ].join('\n');
    const result = await t.call('importUsage', {
      jobId: randomUUID(),
      file: { uploadId: await upload('bad.csv', file) },
    });
    expect(result).toMatchObject({ rows: 5, imported: 1, errorCount: 4 });
    expect(result.errors.map((e) => e.line)).toEqual([2, 3, 4, 5]);
    expect(result.errors[0]!.message).toMatch(/occurred_at "yesterday".*; chars is missing/);
    expect(result.errors[1]!.message).toMatch(/origin is missing; kind website_crawl needs it/);
    expect(result.errors[2]!.message).toMatch(/kind "teleport" is not an action/);
    expect(result.errors[3]!.message).toBe('chars "-4" is not a whole number ≥ 0');
    for (const e of result.errors) expect(e.message).not.toMatch(/expected|received|invalid_type/i);
  });

  it('docs/import-format.md and the README describe every column of the format', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/import-format.md'), 'utf8');
    for (const c of IMPORT_COLUMNS) expect(doc).toContain(`| \`${c.name}\``);
    expect(doc).toContain(csvTemplate().split('\r\n')[0]);
    expect(readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8')).toContain(
      'docs/import-format.md',
    );
  });
});
