import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { computeBalance } from '../../src-shared/ledger';
import { createCore } from '../../src-main/core/app';
import { fileSecretStore } from '../../src-main/core/secrets';
import { openTestCore, type TestCore } from './core-fixture';

let t: TestCore;
beforeEach(async () => {
  t = await openTestCore(Date.UTC(2026, 10, 15, 12));
});
afterEach(() => t.close());

const DAY = 86_400_000;
const total = async () => (await t.call('getOverview', {})).balance.total;
const entries = () => t.core.context.db.ledger.count().exec();

async function upload(name: string, text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  const { uploadId } = await t.call('beginUpload', { name, size: bytes.byteLength });
  await t.call('appendUpload', { uploadId, chunk: bytes });
  return uploadId;
}

/** Runs a command twice; the second run must change neither the ledger nor the balance. */
async function twice(run: () => Promise<unknown>): Promise<{ delta: number }> {
  const before = await total();
  await run();
  const afterFirst = await total();
  const count = await entries();
  await run();
  expect(await entries()).toBe(count);
  expect(await total()).toBe(afterFirst);
  return { delta: afterFirst - before };
}

describe('commands are idempotent when replayed', () => {
  it('starts with this cycle’s monthly grant', async () => {
    expect(await total()).toBe(1_000_000);
    const page = await t.call('listLedger', {});
    expect(page.rows.map((r) => r.id)).toEqual([`grant:monthly:${Date.UTC(2026, 10, 1)}`]);
  });

  it('usage with an event id', async () => {
    const r = await twice(() =>
      t.call('recordUsage', { action: { kind: 'ai_reply' }, sourceEventId: 'evt-1' }),
    );
    expect(r.delta).toBe(-5000);
  });

  it('usage replayed later, when its time is the request time', async () => {
    await t.call('recordUsage', { action: { kind: 'kb_article', count: 3 }, sourceEventId: 'evt-2' });
    t.clock.now += 60_000;
    const again = await t.call('recordUsage', {
      action: { kind: 'kb_article', count: 3 },
      sourceEventId: 'evt-2',
    });
    expect(again.amount).toBe(-3000);
    expect(await total()).toBe(1_000_000 - 3000);
  });

  it('a different fact under the same event id is a conflict that writes nothing', async () => {
    await t.call('recordUsage', {
      action: { kind: 'ai_reply' },
      sourceEventId: 'evt-3',
      occurredAt: t.clock.now - 1000,
    });
    const count = await entries();
    const clash = await t.raw('recordUsage', {
      action: { kind: 'ai_label' },
      sourceEventId: 'evt-3',
      occurredAt: t.clock.now - 1000,
    });
    expect(clash).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await entries()).toBe(count);
  });

  it('a website crawl is charged once per site', async () => {
    const r = await twice(() =>
      t.call('recordUsage', { action: { kind: 'website_crawl', origin: 'https://Docs.Example.com/start' } }),
    );
    expect(r.delta).toBe(-1000);
    await t.call('recordUsage', {
      action: { kind: 'website_crawl', origin: 'https://docs.example.com/other' },
    });
    expect(await total()).toBe(1_000_000 - 1000);
  });

  it('bundle purchase, manual grant and adjustment with a request id', async () => {
    const id1 = randomUUID();
    expect((await twice(() => t.call('purchaseBundle', { bundleId: 'b5k', requestId: id1 }))).delta).toBe(
      5_000_000,
    );
    const id2 = randomUUID();
    expect(
      (
        await twice(() =>
          t.call('grantManual', { amount: 250_500, reason: 'migration help', requestId: id2 }),
        )
      ).delta,
    ).toBe(250_500);
    const id3 = randomUUID();
    expect(
      (
        await twice(() =>
          t.call('recordAdjustment', { amount: -500, reason: 'double count', requestId: id3 }),
        )
      ).delta,
    ).toBe(-500);
  });

  it('a reversal refunds once', async () => {
    const usage = await t.call('recordUsage', {
      action: { kind: 'chatbot_message', model: 'gpt-4.1-mini', contextTokens: 40_000 },
    });
    expect(usage.amount).toBe(-10_000);
    const r = await twice(() => t.call('recordReversal', { usageId: usage.id, reason: 'bot loop' }));
    expect(r.delta).toBe(10_000);
    const row = await t.call('getLedgerEntry', { id: usage.id });
    expect(row.reversedBy).toBe(`reversal:${usage.id}`);
    const other = await t.raw('recordReversal', { usageId: usage.id, reason: 'a different reason' });
    expect(other).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('a referral going paid awards 2000 credits once', async () => {
    const requestId = randomUUID();
    const ref = await t.call('addReferral', { name: 'Acme Support', contact: 'ops@acme.test', requestId });
    await t.call('addReferral', { name: 'Acme Support', contact: 'ops@acme.test', requestId });
    expect(await t.call('listReferrals', {})).toHaveLength(1);
    await t.call('advanceReferral', { id: ref.id, status: 'signed_up' });
    const r = await twice(() => t.call('advanceReferral', { id: ref.id, status: 'paid' }));
    expect(r.delta).toBe(2_000_000);
    const [view] = await t.call('listReferrals', {});
    expect(view).toMatchObject({ status: 'paid', awarded: true, awardedMillicredits: 2_000_000 });
    expect(await t.raw('advanceReferral', { id: ref.id, status: 'invited' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  });

  it('monthly grants: once per cycle, a new one at the reset, a top-up once on upgrade', async () => {
    const live = () => (t.core.context as unknown as { ledger: { size: number } }).ledger.size;
    const before = live();
    t.clock.now = Date.UTC(2026, 11, 1, 0, 0, 1);
    const { LiveUpdates } = await import('../../src-main/core/live-updates');
    const updates = new LiveUpdates(t.core.context);
    expect(await updates.ensureGrants()).toBe(1);
    expect(await updates.ensureGrants()).toBe(0);
    expect(live()).toBe(before + 1);
    await t.call('updateSettings', { tierId: 'plus' });
    await updates.ensureGrants();
    expect(await updates.ensureGrants()).toBe(0);
    const overview = await t.call('getOverview', {});
    expect(overview.balance.monthly.granted).toBe(5_000_000);
    expect(overview.cycle).toMatchObject({
      tierId: 'plus',
      start: Date.UTC(2026, 11, 1),
      end: Date.UTC(2027, 0, 1),
    });
  });

  it('a settings change re-prices new usage, not recorded usage', async () => {
    const cheap = await t.call('recordUsage', { action: { kind: 'ai_label' } });
    expect(cheap.amount).toBe(-1000);
    await t.call('updateSettings', { labelCount: 150 });
    const dear = await t.call('recordUsage', { action: { kind: 'ai_label' } });
    expect(dear.amount).toBe(-2000);
    expect(dear.action).toEqual({ kind: 'ai_label', labelCount: 150 });
    expect((await t.call('getLedgerEntry', { id: cheap.id })).amount).toBe(-1000);
  });

  it('threshold alerts fire once per threshold per cycle', async () => {
    const raised: number[] = [];
    t.core.events.subscribe((event, payload) => {
      if (event === 'alertRaised') raised.push((payload as { threshold: number }).threshold);
    });
    await t.call('recordUsage', { action: { kind: 'kb_article', count: 600 } });
    await expect.poll(() => raised, { timeout: 3000 }).toEqual([50]);
    await t.call('recordUsage', { action: { kind: 'kb_article', count: 10 } });
    await t.call('recordUsage', { action: { kind: 'kb_article', count: 250 } });
    await expect.poll(() => raised, { timeout: 3000 }).toEqual([50, 80]);
    const overview = await t.call('getOverview', {});
    expect(overview.alerts.map((a) => a.threshold)).toEqual([50, 80]);
  });
});

describe('usage import', () => {
  const csv = [
    'event_id,occurred_at,kind,count,chars,model',
    'e1,2026-11-10T09:00:00Z,kb_article,2,,',
    'e2,2026-11-10T10:00:00Z,document,,5001,',
    'e3,2026-11-10 10:00,ai_reply,,,',
    'e4,2026-11-11T08:00:00Z,teleport,,,',
    'e5,2026-11-11T08:00:00Z,chatbot_message,,,gpt-4o-mini',
    'e6,2026-11-11T08:00:00Z,page_scrape,,-4,',
  ].join('\n');

  it('keeps good rows, reports bad ones by line, and adds nothing the second time', async () => {
    const first = await t.call('importUsage', {
      jobId: randomUUID(),
      file: { uploadId: await upload('usage.csv', csv) },
    });
    expect(first).toMatchObject({ rows: 6, imported: 3, duplicates: 0, errorCount: 3 });
    expect(first.errors.map((e) => e.line)).toEqual([4, 5, 7]);
    expect(first.errors[0]!.message).toMatch(/ISO 8601/);
    expect(first.errors[1]!.message).toMatch(/teleport/);
    expect(await total()).toBe(1_000_000 - 2000 - 2000 - 4000);
    const second = await t.call('importUsage', {
      jobId: randomUUID(),
      file: { uploadId: await upload('usage.csv', csv) },
    });
    expect(second).toMatchObject({ imported: 0, duplicates: 3, errorCount: 3 });
    expect(await total()).toBe(1_000_000 - 8000);
  });

  it('reads NDJSON with a column mapping and rows without event ids', async () => {
    const nd = [
      '{"ts":"2026-11-12T00:00:00Z","type":"conversation_embedding","count":3}',
      '{"ts":"2026-11-12T00:00:00Z","type":"conversation_embedding","count":3}',
      'not json',
      '',
      '{"ts":1794700800000,"type":"ai_prioritize","ref":"t-9"}',
    ].join('\n');
    const mapping = { occurredAt: 'ts', kind: 'type', eventId: 'ref' };
    const first = await t.call('importUsage', {
      jobId: randomUUID(),
      file: { uploadId: await upload('u.ndjson', nd) },
      mapping,
    });
    expect(first).toMatchObject({ rows: 4, imported: 3, errorCount: 1 });
    expect(first.errors[0]!.line).toBe(3);
    const second = await t.call('importUsage', {
      jobId: randomUUID(),
      file: { uploadId: await upload('u.ndjson', nd) },
      mapping,
    });
    expect(second).toMatchObject({ imported: 0, duplicates: 3 });
    expect(await total()).toBe(1_000_000 - 1500 - 1500 - 1000);
  });

  it('refuses an upload that grows past its declared size', async () => {
    const { uploadId } = await t.call('beginUpload', { name: 'x.csv', size: 3 });
    const result = await t.raw('appendUpload', { uploadId, chunk: new Uint8Array(4) });
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});

describe('the balance', () => {
  it('equals a full replay of the stored ledger, and survives a restart', async () => {
    for (let i = 0; i < 40; i++) {
      await t.call('recordUsage', {
        action: { kind: 'ai_reply', autoDraftAll: true, conversationMessages: i },
        occurredAt: t.clock.now - (i % 20) * DAY,
      });
    }
    await t.call('purchaseBundle', { bundleId: 'b1k' });
    const page = await t.call('listLedger', { limit: 1000 });
    const stored = await Promise.all(page.rows.map((r) => t.core.context.store.get(r.id)));
    const replay = computeBalance(
      stored.map((e) => e!),
      t.clock.now,
      { anchorDay: 1 },
    );
    const overview = await t.call('getOverview', {});
    expect(overview.balance.total).toBe(replay.total);
    expect(overview.balance.overdraft).toBe(replay.overdraft);
    await t.core.close();
    const reopened = await createCore({
      dataDir: t.dataDir,
      mode: 'web',
      secretStore: fileSecretStore(t.dataDir),
      now: () => t.clock.now,
    });
    const envelope = await reopened.dispatch('getOverview', {}, { transport: 'test' });
    expect(envelope.ok && envelope.value).toMatchObject({ balance: { total: replay.total } });
    t.core = reopened;
  });
});
