import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openTestCore, type TestCore } from './core-fixture';

const fixtures = join(import.meta.dirname, '../fixtures/migration');
let t: TestCore;
beforeAll(async () => {
  t = await openTestCore();
});
afterAll(() => t.close());

/** Calls from the Electron side may name files by path; the web host may not (tested elsewhere). */
const ipc = <T>(method: string, input: unknown) =>
  t.core.dispatch(method, input, { transport: 'ipc' }).then((e) => {
    if (!e.ok) throw new Error(`${e.error.code}: ${e.error.message}`);
    return e.value as T;
  });

describe('migration estimates through the API', () => {
  it('counts a Zendesk export, prices it and plans bundles for the shortfall', async () => {
    const result = await ipc<{
      conversations: number;
      articles: number;
      millicredits: number;
      shortfall: number;
      balance: number;
      plan: { totalMillicredits: number } | null;
      breakdown: { conversations: number; articles: number };
    }>('estimateMigration', {
      jobId: randomUUID(),
      platform: 'zendesk',
      files: [
        { path: join(fixtures, 'zendesk-tickets.ndjson') },
        { path: join(fixtures, 'zendesk-articles.json') },
      ],
      counts: { conversations: 4000, articles: 0, documentPages: 0 },
    });
    expect(result.conversations).toBeGreaterThan(4000);
    expect(result.articles).toBeGreaterThan(0);
    expect(result.breakdown.conversations).toBe(result.conversations * 500);
    expect(result.breakdown.articles).toBe(result.articles * 1000);
    expect(result.millicredits).toBe(result.breakdown.conversations + result.breakdown.articles);
    expect(result.balance).toBe(1_000_000);
    expect(result.shortfall).toBe(result.millicredits - 1_000_000);
    expect(result.plan!.totalMillicredits).toBeGreaterThanOrEqual(result.shortfall);
  });

  it('reports a file of another platform as an error row and still counts the rest', async () => {
    const result = await ipc<{ conversations: number; errors: { file: string; message: string }[] }>(
      'estimateMigration',
      {
        jobId: randomUUID(),
        platform: 'intercom',
        files: [
          { path: join(fixtures, 'zendesk-tickets.ndjson') },
          { path: join(fixtures, 'intercom-conversations.json') },
        ],
      },
    );
    expect(result.errors.some((e) => e.file === 'zendesk-tickets.ndjson')).toBe(true);
    expect(result.conversations).toBeGreaterThan(0);
  });
});

describe('website estimates through the API', () => {
  it('charges one crawl per new site and pages by the page rule', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'creditdesk-site-'));
    const sitemap = join(dir, 'sitemap.xml');
    const urls = Array.from(
      { length: 40 },
      (_, i) => `<url><loc>https://help.example.com/a/${i}</loc></url>`,
    ).join('');
    writeFileSync(
      sitemap,
      `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls}</urlset>`,
    );
    const result = await ipc<{
      pages: number;
      crawlMillicredits: number;
      totalMillicredits: { min: number; expected: number; max: number };
    }>('estimateWebsite', {
      jobId: randomUUID(),
      sitemap: { path: sitemap },
      urls: ['https://docs.example.com/x', 'https://docs.example.com/y'],
      avgChars: 6000,
    });
    expect(result.pages).toBe(42);
    expect(result.crawlMillicredits).toBe(2000);
    expect(result.totalMillicredits.expected).toBe(2000 + 42 * 2 * 1000);
    expect(result.totalMillicredits.min).toBeLessThanOrEqual(result.totalMillicredits.expected);
    expect(result.totalMillicredits.max).toBeGreaterThanOrEqual(result.totalMillicredits.expected);
    await t.call('recordUsage', { action: { kind: 'website_crawl', origin: 'https://docs.example.com' } });
    const again = await ipc<{ crawlMillicredits: number }>('estimateWebsite', {
      jobId: randomUUID(),
      urls: ['https://docs.example.com/x'],
      avgChars: 100,
    });
    expect(again.crawlMillicredits).toBe(0);
  });

  it('asks for a page size when none is given', async () => {
    const envelope = await t.core.dispatch(
      'estimateWebsite',
      { jobId: randomUUID(), urls: ['https://a.example/'] },
      { transport: 'ipc' },
    );
    expect(envelope).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});

describe('document estimates and recording them as training', () => {
  it('records each file once, by content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'creditdesk-docs-'));
    const a = join(dir, 'a.txt');
    const b = join(dir, 'b.txt');
    writeFileSync(a, 'word '.repeat(2000));
    writeFileSync(b, 'другое слово '.repeat(100));
    const estimate = await ipc<{
      estimateId: string;
      files: { chars: number; pages: number; millicredits: number; error: string | null }[];
      totals: { millicredits: number };
    }>('estimateDocuments', { jobId: randomUUID(), files: [{ path: a }, { path: b }] });
    expect(estimate.files.map((f) => f.chars)).toEqual([9999, 1299]);
    expect(estimate.files.map((f) => f.pages)).toEqual([2, 1]);
    expect(estimate.totals.millicredits).toBe(3000);
    const before = (await t.call('getOverview', {})).balance.total;
    const first = await t.call('recordTraining', { estimateId: estimate.estimateId });
    expect(first).toMatchObject({ recorded: 2, alreadyRecorded: 0, millicredits: 3000 });
    const second = await t.call('recordTraining', { estimateId: estimate.estimateId });
    expect(second).toMatchObject({ recorded: 0, alreadyRecorded: 2 });
    const again = await ipc<{ estimateId: string }>('estimateDocuments', {
      jobId: randomUUID(),
      files: [{ path: a }],
    });
    expect(await t.call('recordTraining', { estimateId: again.estimateId })).toMatchObject({ recorded: 0 });
    expect((await t.call('getOverview', {})).balance.total).toBe(before - 3000);
  });
});

describe('saved estimates', () => {
  it('saves, lists, re-opens and deletes', async () => {
    const saved = await t.call('saveEstimate', {
      kind: 'migration',
      title: 'Zendesk move',
      millicredits: 12_500,
      input: { platform: 'zendesk' },
      result: { conversations: 25 },
    });
    const list = await t.call('listEstimates', {});
    expect(list.find((e) => e.id === saved.id)).toMatchObject({
      title: 'Zendesk move',
      millicredits: 12_500,
      input: { platform: 'zendesk' },
    });
    expect(await t.call('deleteEstimate', { id: saved.id })).toEqual({ deleted: true });
    expect((await t.call('listEstimates', {})).some((e) => e.id === saved.id)).toBe(false);
  });
});
