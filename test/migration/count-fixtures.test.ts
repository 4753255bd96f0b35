import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { countExport, ExportFormatError, type ExportCount } from '../../src-main/core/migration';
import { cleanText, countChars } from '../../src-shared/pricing/text';

const path = (name: string) => new URL(`../fixtures/migration/${name}`, import.meta.url).pathname;
/** Characters of one record: its fields as one cleaned text. */
const rec = (...fields: string[]) => countChars(cleanText(fields.join(' ')));
const count = (name: string) => countExport({ path: path(name) });

function counts(result: ExportCount) {
  const { conversations, articles, characters, skipped, problemCount, complete, format, container } = result;
  return { format, container, conversations, articles, characters, skipped, problemCount, complete };
}

describe('counting real export shapes (committed fixtures)', () => {
  it('Zendesk tickets, one per line: deleted skipped, a malformed line reported by number', async () => {
    const result = await count('zendesk-tickets.ndjson');
    expect(counts(result)).toEqual({
      format: 'zendesk-tickets',
      container: 'ndjson',
      conversations: 3,
      articles: 0,
      characters:
        rec('Refund for bundle', 'Hello, I bought the wrong bundle.') +
        rec('Chatbot stopped answering', 'Our bot says to try again later.') +
        rec('Café menu', 'Naïve question   about  labels.'),
      skipped: { spam: 0, deleted: 1, draft: 0 },
      problemCount: 1,
      complete: true,
    });
    expect(result.problems[0]).toMatchObject({ line: 4 });
    expect(result.problems[0]!.message).toMatch(/Not valid JSON/);
    expect(result.platform).toBe('zendesk');
  });

  it('Zendesk incremental export page (pretty-printed JSON document)', async () => {
    expect(counts(await count('zendesk-tickets-page.json'))).toMatchObject({
      container: 'json',
      conversations: 1,
      characters: rec('Invoice copy', "Please send last month's invoice."),
      skipped: { deleted: 1 },
    });
  });

  it('Zendesk Help Center articles: HTML bodies as text, drafts skipped', async () => {
    expect(counts(await count('zendesk-articles.json'))).toMatchObject({
      format: 'zendesk-articles',
      articles: 2,
      characters:
        rec('Buying bundles', 'Bundles', 'Bundle credits never expire.') +
        rec('Referrals', 'A referral that goes paid earns 2000\u00a0credits.'),
      skipped: { draft: 1 },
    });
  });

  it('Help Scout API JSON: threads counted, spam/deleted/draft skipped', async () => {
    expect(counts(await count('helpscout-conversations.json'))).toMatchObject({
      format: 'helpscout-conversations',
      conversations: 2,
      characters:
        rec('Label limits', 'Do we pay more with many labels?', 'Yes, over 100 labels costs 2–4 credits.') +
        rec('Chat question', 'Is there a free tier?'),
      skipped: { spam: 1, deleted: 1, draft: 1 },
    });
  });

  it('Help Scout CSV: quoted multi-line cells, spam skipped, a malformed row reported', async () => {
    const result = await count('helpscout-conversations.csv');
    expect(counts(result)).toMatchObject({
      format: 'helpscout-conversations',
      container: 'csv',
      conversations: 3,
      characters:
        rec('Label limits', 'Thanks, that fixed it') +
        rec('Chat question', 'Is there a free tier?') +
        rec('Multi-line\nsubject', 'Second line follows'),
      skipped: { spam: 1 },
      problemCount: 1,
    });
    expect(result.problems[0]!.line).toBe(5);
  });

  it('Intercom conversations JSON: source and parts counted', async () => {
    expect(counts(await count('intercom-conversations.json'))).toMatchObject({
      format: 'intercom-conversations',
      conversations: 2,
      characters:
        rec('Billing cycle', 'When does my cycle reset?', 'On your anchor day.') +
        rec('Upgrade', 'Can I upgrade mid-cycle?'),
    });
  });

  it('Intercom conversations CSV (one row per message): grouped by conversation id', async () => {
    const result = await count('intercom-conversations.csv');
    expect(counts(result)).toMatchObject({
      conversations: 3,
      characters:
        rec('How do bundles work?', 'They never expire.') +
        rec('Is 0.5 credit per conversation right?') +
        rec('Thanks!'),
      problemCount: 1,
    });
    expect(result.problems[0]!.line).toBe(6);
  });

  it('Intercom articles JSON: drafts skipped', async () => {
    expect(counts(await count('intercom-articles.json'))).toMatchObject({
      format: 'intercom-articles',
      articles: 2,
      characters:
        rec('Credits explained', 'What credits are', 'Credits pay for AI actions.') +
        rec('Website training', '1 credit per site, once.'),
      skipped: { draft: 1 },
    });
  });

  it('a broken JSON document keeps the records before the error and names the line', async () => {
    const result = await count('zendesk-tickets-broken.json');
    expect(counts(result)).toMatchObject({ conversations: 2, complete: false, problemCount: 1 });
    expect(result.problems[0]).toMatchObject({ line: 5 });
  });

  it('bytes, streams and gzip go through the same pipeline', async () => {
    const bytes = readFileSync(path('zendesk-tickets.ndjson'));
    const fromPath = counts(await count('zendesk-tickets.ndjson'));
    expect(counts(await countExport({ bytes: new Uint8Array(bytes), name: 't.ndjson' }))).toEqual(fromPath);
    expect(
      counts(
        await countExport({
          stream: Readable.from([bytes.subarray(0, 100), bytes.subarray(100)]),
          name: 't',
        }),
      ),
    ).toEqual(fromPath);
    expect(counts(await countExport({ bytes: gzipSync(bytes), name: 't.ndjson.gz' }))).toEqual(fromPath);
  });

  it('reports progress in bytes', async () => {
    const seen: number[] = [];
    await countExport(
      { path: path('helpscout-conversations.json') },
      { onProgress: (p) => seen.push(p.bytesRead) },
    );
    expect(seen.at(-1)).toBe(readFileSync(path('helpscout-conversations.json')).length);
  });
});

describe('files that are not a known export get a clear error', () => {
  const rejects = (p: Promise<unknown>, pattern: RegExp) =>
    expect(p).rejects.toSatisfy(
      (e: unknown) => e instanceof ExportFormatError && pattern.test(e.message) && e.hint.length > 0,
    );

  it('unknown CSV columns, plain text, an empty file, a ZIP', async () => {
    await rejects(count('unknown-columns.csv'), /columns \(order_id, sku, quantity\)/);
    await rejects(
      countExport({ bytes: new TextEncoder().encode('just some notes'), name: 'notes.txt' }),
      /neither JSON nor CSV/,
    );
    await rejects(countExport({ bytes: new Uint8Array(), name: 'empty.json' }), /empty/);
    await rejects(
      countExport({ bytes: new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), name: 'export.zip' }),
      /ZIP/,
    );
  });

  it('JSON whose records are something else', async () => {
    await rejects(
      countExport({ bytes: new TextEncoder().encode('[{"sku":"A1","qty":2}]'), name: 'orders.json' }),
      /not tickets/,
    );
  });

  it('a file of another platform than the one chosen', async () => {
    await rejects(
      countExport({ path: path('intercom-articles.json') }, { platform: 'zendesk' }),
      /looks like an Intercom export \(Intercom articles\).*Zendesk was chosen/,
    );
    const error = await countExport({ path: path('zendesk-tickets.ndjson') }, { platform: 'helpscout' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ExportFormatError);
    expect((error as ExportFormatError).message).toMatch(/looks like a Zendesk export/);
    expect((error as ExportFormatError).hint).toMatch(/^Switch to Zendesk/);
    expect((error as ExportFormatError).looksLike).toBe('zendesk');
  });

  const utf8 = (s: string) => new TextEncoder().encode(s);
  const minimal = [
    '{"id":1,"subject":"Refund","description":"I bought the wrong bundle.","status":"open"}',
    '{"id":2,"subject":"Bot","description":"It says try later.","status":"solved"}',
    '{"id":3,"subject":"Old","description":"gone","status":"deleted"}',
  ].join('\n');

  it('a minimal Zendesk NDJSON (id, subject, description, status) is read as tickets', async () => {
    const result = await countExport(
      { bytes: utf8(minimal), name: 'tickets.ndjson' },
      { platform: 'zendesk' },
    );
    expect(counts(result)).toMatchObject({
      format: 'zendesk-tickets',
      container: 'ndjson',
      conversations: 2,
      skipped: { spam: 0, deleted: 1, draft: 0 },
      characters: rec('Refund', 'I bought the wrong bundle.') + rec('Bot', 'It says try later.'),
      problemCount: 0,
    });
    // Chosen as Help Scout, the same file is recognised as Zendesk's, never "not valid JSON".
    const wrong = await countExport(
      { bytes: utf8(minimal), name: 'tickets.ndjson' },
      { platform: 'helpscout' },
    ).then(
      () => null,
      (e: unknown) => e as ExportFormatError,
    );
    expect(wrong!.message).toMatch(/looks like a Zendesk export/);
    expect(wrong!.message).not.toMatch(/not valid JSON/);
  });

  it('records one per line that no platform has name the fields they lack', async () => {
    const lines = '{"id":1,"sku":"A1","qty":2}\n{"id":2,"sku":"B2","qty":1}\n';
    const error = await countExport({ bytes: utf8(lines), name: 'orders.ndjson' }).then(
      () => null,
      (e: unknown) => e as ExportFormatError,
    );
    expect(error!.message).toMatch(/one JSON object per line.*fields: id, sku, qty/);
    expect(error!.message).not.toMatch(/not valid JSON/);
    expect(error!.hint).toMatch(/Zendesk ticket needs id, subject and description/);
  });
});
