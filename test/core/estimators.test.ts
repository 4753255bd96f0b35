import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openTestCore, type TestCore } from './core-fixture';
import { makeZip } from '../documents/support/make-files';

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

describe('a migration that counted nothing', () => {
  it('a Zendesk export under Help Scout is an error row that names Zendesk to switch to, and costs 0', async () => {
    const result = await ipc<{
      conversations: number;
      millicredits: number;
      errors: { file: string; message: string; switchTo?: string }[];
    }>('estimateMigration', {
      jobId: randomUUID(),
      platform: 'helpscout',
      files: [{ path: join(fixtures, 'zendesk-tickets.ndjson') }],
    });
    expect(result).toMatchObject({ conversations: 0, millicredits: 0 });
    expect(result.errors).toEqual([
      {
        file: 'zendesk-tickets.ndjson',
        line: null,
        message: expect.stringMatching(/looks like a Zendesk export.*Switch to Zendesk/),
        switchTo: 'zendesk',
      },
    ]);
  });
});

describe('migration exports in a ZIP archive', () => {
  interface Result {
    conversations: number;
    articles: number;
    chars: number;
    millicredits: number;
    warnings: string[];
    errors: { file: string; line: number | null; message: string }[];
  }
  const estimate = (paths: string[]) =>
    ipc<Result>('estimateMigration', {
      jobId: randomUUID(),
      platform: 'zendesk',
      files: paths.map((path) => ({ path })),
    });
  const dir = mkdtempSync(join(tmpdir(), 'creditdesk-zip-'));
  const fixture = (name: string) => new Uint8Array(readFileSync(join(fixtures, name)));
  const zipOf = (name: string, entries: { name: string; data: Uint8Array }[]) => {
    const path = join(dir, name);
    writeFileSync(path, makeZip(entries));
    return path;
  };

  it('counts each export inside, the same as the files unzipped, and names what it left out', async () => {
    const plain = await estimate([
      join(fixtures, 'zendesk-tickets.ndjson'),
      join(fixtures, 'zendesk-articles.json'),
    ]);
    const zipped = await estimate([
      zipOf('export.zip', [
        { name: 'export/tickets.ndjson', data: fixture('zendesk-tickets.ndjson') },
        { name: 'export/attachments/logo.png', data: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) },
        { name: '__MACOSX/export/._tickets.ndjson', data: new Uint8Array(8) },
        { name: 'export/articles.json', data: fixture('zendesk-articles.json') },
      ]),
    ]);
    expect(plain.conversations).toBeGreaterThan(0);
    expect(zipped).toMatchObject({
      conversations: plain.conversations,
      articles: plain.articles,
      chars: plain.chars,
      millicredits: plain.millicredits,
    });
    expect(zipped.warnings).toContain(
      'Not counted from export.zip (not JSON or CSV): export/attachments/logo.png.',
    );
    expect(zipped.errors.map((e) => e.file)).toEqual(
      plain.errors.map((e) => `export.zip › export/${e.file.replace('zendesk-', '')}`),
    );
  });

  it('a damaged archive, an archive without exports and a member of another platform are error rows', async () => {
    const whole = makeZip([{ name: 'tickets.ndjson', data: fixture('zendesk-tickets.ndjson') }]);
    const cut = join(dir, 'cut.zip');
    writeFileSync(cut, whole.subarray(0, whole.length - 30));
    const images = zipOf('images.zip', [{ name: 'a.png', data: new Uint8Array(16) }]);
    const mixed = zipOf('mixed.zip', [
      { name: 'intercom.json', data: fixture('intercom-conversations.json') },
      { name: 'tickets.ndjson', data: fixture('zendesk-tickets.ndjson') },
    ]);
    const result = await estimate([cut, images, mixed]);
    const byFile = new Map(result.errors.map((e) => [e.file, e.message]));
    expect(byFile.get('cut.zip')).toMatch(/damaged ZIP archive.*Download the export again/);
    expect(byFile.get('images.zip')).toMatch(/no \.json, \.ndjson or \.csv file inside/);
    expect(byFile.get('mixed.zip › intercom.json')).toMatch(/Intercom/);
    const alone = await estimate([join(fixtures, 'zendesk-tickets.ndjson')]);
    expect(result.conversations).toBe(alone.conversations);
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

  it('counts a page once when it is in the sitemap and the pasted list, #fragments dropped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'creditdesk-site-'));
    const sitemap = join(dir, 'sitemap.xml');
    const locs = Array.from({ length: 40 }, (_, i) => `<url><loc>https://kb.example.com/a/${i}</loc></url>`);
    writeFileSync(
      sitemap,
      `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${locs.join('')}</urlset>`,
    );
    const result = await ipc<{ pages: number; sites: { pages: number }[]; notes: string[] }>(
      'estimateWebsite',
      {
        jobId: randomUUID(),
        sitemap: { path: sitemap },
        urls: ['https://kb.example.com/a/1', 'https://kb.example.com/a/2#faq', 'https://kb.example.com/b'],
        avgChars: 1000,
      },
    );
    expect(result.pages).toBe(41);
    expect(result.sites).toEqual([{ origin: 'https://kb.example.com', pages: 41 }]);
    expect(result.notes.join(' ')).toMatch(/2 pasted addresses were already counted/);
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
  it('an empty file (uploaded or on disk) is its own error row; the rest are estimated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'creditdesk-docs-'));
    const empty = join(dir, 'empty.txt');
    const full = join(dir, 'full.txt');
    writeFileSync(empty, '');
    writeFileSync(full, 'x'.repeat(6000));
    const { uploadId } = await ipc<{ uploadId: string }>('beginUpload', {
      name: 'dropped-empty.txt',
      size: 0,
    });
    const estimate = await ipc<{
      files: { name: string; pages: number; error: string | null }[];
      totals: { files: number; errors: number; millicredits: number };
    }>('estimateDocuments', { jobId: randomUUID(), files: [{ uploadId }, { path: full }, { path: empty }] });
    expect(estimate.files.map((f) => [f.name, f.pages])).toEqual([
      ['dropped-empty.txt', 0],
      ['full.txt', 2],
      ['empty.txt', 0],
    ]);
    expect(estimate.files[0]!.error).toMatch(/dropped-empty\.txt is empty \(0 bytes\)/);
    expect(estimate.files[1]!.error).toBeNull();
    expect(estimate.files[2]!.error).toMatch(/empty\.txt is empty/);
    expect(estimate.totals).toMatchObject({ files: 3, errors: 2, millicredits: 2000 });
  });

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
