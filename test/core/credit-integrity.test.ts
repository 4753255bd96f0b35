import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from './core-fixture';

/**
 * Issue #11's observations, replayed through the API dispatcher on a real core (SQLite file):
 * settings changes never add credits by themselves.
 */
let t: TestCore;
beforeEach(async () => {
  t = await openTestCore(Date.UTC(2026, 11, 7, 12));
});
afterEach(() => t.close());

const overview = () => t.call('getOverview', {});
/** Time passes; the app's cycle timer writes the grants due (as LiveUpdates does at each reset). */
async function advanceTo(at: number): Promise<void> {
  t.clock.now = at;
  await t.core.context.grants.ensure();
}
const monthlyEntries = async () =>
  (await t.call('listLedger', { filter: { buckets: ['monthly'] }, sort: 'oldest', offset: 0, limit: 100 }))
    .rows;

describe('observation 1: changing the anchor day', () => {
  it('anchor 2, 3, 4, 5, 6, then 1 again adds no credits and no grants', async () => {
    await t.call('getOverview', {});
    expect((await overview()).balance.total).toBe(1_000_000);
    for (const anchorDay of [2, 3, 4, 5, 6, 1]) {
      t.clock.now += 60_000;
      const settings = await t.call('updateSettings', { anchorDay });
      expect(settings.anchorDay).toBe(anchorDay);
      expect((await overview()).balance.total).toBe(1_000_000);
    }
    expect(await monthlyEntries()).toHaveLength(1);
    const view = await overview();
    expect(view.cycle).toMatchObject({ start: Date.UTC(2026, 11, 1), end: Date.UTC(2027, 0, 1) });
  });

  it('a kept change waits for the cycle end, then a prorated transition cycle, then the new schedule', async () => {
    await t.call('getOverview', {});
    const settings = await t.call('updateSettings', { anchorDay: 15 });
    expect(settings.anchorDay).toBe(15);
    expect(settings.scheduled?.join(' ')).toMatch(/Anchor day 15 from 2027-01-15.*14-day transition cycle/);
    expect((await overview()).cycle).toMatchObject({
      start: Date.UTC(2026, 11, 1),
      end: Date.UTC(2027, 0, 1),
    });
    expect((await overview()).balance.total).toBe(1_000_000);

    await advanceTo(Date.UTC(2027, 0, 3));
    const transition = await overview();
    expect(transition.cycle).toMatchObject({
      start: Date.UTC(2027, 0, 1),
      end: Date.UTC(2027, 0, 15),
      monthlyMillicredits: Math.floor((1_000_000 * 14) / 31),
    });
    expect(transition.balance.total).toBe(451_612);

    await advanceTo(Date.UTC(2027, 0, 20));
    const after = await overview();
    expect(after.cycle).toMatchObject({ start: Date.UTC(2027, 0, 15), end: Date.UTC(2027, 1, 15) });
    expect(after.balance.total).toBe(1_000_000);
    // Repeating the same answer adds nothing.
    await t.call('updateSettings', { anchorDay: 15 });
    expect((await overview()).balance.total).toBe(1_000_000);
  });
});

describe('observation 2: switching tiers', () => {
  it('starter → plus → pro → enterprise in one cycle grants Enterprise’s 50,000, and back to starter keeps them until the cycle ends', async () => {
    await t.call('getOverview', {});
    for (const tierId of ['plus', 'pro', 'enterprise']) {
      t.clock.now += 60_000;
      await t.call('updateSettings', { tierId });
    }
    let view = await overview();
    expect(view.balance.total).toBe(50_000_000);
    expect(view.balance.monthly.granted).toBe(50_000_000);
    expect(view.cycle.monthlyMillicredits).toBe(50_000_000);

    t.clock.now += 60_000;
    const settings = await t.call('updateSettings', { tierId: 'starter' });
    expect(settings.scheduled?.join(' ')).toMatch(/Tier starter from 2027-01-01/);
    view = await overview();
    expect(view.balance.total).toBe(50_000_000);

    // Switching up again inside the cycle grants nothing more: the cycle already has Enterprise's.
    await t.call('updateSettings', { tierId: 'pro' });
    await t.call('updateSettings', { tierId: 'starter' });
    expect((await overview()).balance.total).toBe(50_000_000);

    await advanceTo(Date.UTC(2027, 0, 2));
    view = await overview();
    expect(view.balance.total).toBe(1_000_000);
    expect(view.cycle.monthlyMillicredits).toBe(1_000_000);
  });
});

describe('observation 4: referrals', () => {
  const balance = async () => (await overview()).balance.total;

  it('the same company added twice warns and links the existing referral; one award of 2,000', async () => {
    const first = await t.call('addReferral', { name: 'Acme', contact: 'jo@acme.com' });
    expect(first.duplicateWarning).toBeNull();
    const again = await t.call('addReferral', { name: 'ACME Inc.', contact: 'Sam@Acme.com' });
    expect(again.id).toBe(first.id);
    expect(again.duplicateWarning).toMatch(/Acme \(jo@acme\.com\) is already in the pipeline/);
    expect(await t.call('listReferrals', {})).toHaveLength(1);

    const before = await balance();
    await t.call('advanceReferral', { id: first.id, status: 'paid' });
    await t.call('advanceReferral', { id: again.id, status: 'paid' });
    expect((await balance()) - before).toBe(2_000_000);
  });

  it('a race of two adds answers the stored referral, never an RxDB error', async () => {
    const answers = await Promise.all(
      [1, 2, 3].map(() => t.raw('addReferral', { name: 'Globex', contact: 'https://www.globex.com' })),
    );
    for (const answer of answers) {
      expect(answer.ok).toBe(true);
      expect(JSON.stringify(answer)).not.toMatch(/RxDB|CONFLICT|internal/);
    }
    const ids = new Set(answers.map((a) => (a.ok ? (a.value as { id: string }).id : '')));
    expect(ids.size).toBe(1);
    expect(
      answers.filter((a) => a.ok && (a.value as { duplicateWarning: string | null }).duplicateWarning),
    ).toHaveLength(2);
    expect(await t.call('listReferrals', {})).toHaveLength(1);
  });

  it('a referral call that fails says what to do, without internals', async () => {
    const missing = await t.raw('advanceReferral', { id: 'ref:domain:nobody.example', status: 'paid' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const { id } = await t.call('addReferral', { name: 'Initech', contact: 'initech.com' });
    const revokeNothing = await t.raw('revokeReferralAward', { id, reason: 'mistake' });
    expect(revokeNothing).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(JSON.stringify(revokeNothing)).not.toMatch(/RxDB/);
  });

  it('a mistaken award is taken back once, out of referral credits, with the reason', async () => {
    const { id } = await t.call('addReferral', { name: 'Umbrella', contact: 'ceo@umbrella.example' });
    const before = await balance();
    await t.call('advanceReferral', { id, status: 'paid' });
    expect((await balance()) - before).toBe(2_000_000);
    const revoked = await t.call('revokeReferralAward', { id, reason: 'they never paid' });
    expect(revoked.revoked?.reason).toMatch(/Umbrella taken back: they never paid/);
    await t.call('revokeReferralAward', { id, reason: 'again' });
    t.clock.now += 1000;
    const view = await overview();
    expect(view.balance.total).toBe(before);
    // Taken from referral credits, not this cycle's monthly credits.
    expect(view.balance.monthly.remaining).toBe(1_000_000);
    expect(view.balance.referral).toBe(0);
  });
});

describe('observation 3: consumption by bucket', () => {
  it('adds up to the usage in the range, has no negative bar, and a month reads the same in any range', async () => {
    await t.call('getOverview', {});
    // 1,500 credits of usage against 1,000 monthly: 500 not covered, then a −2,000 correction.
    const day = 86_400_000;
    for (let i = 0; i < 300; i++)
      await t.call('recordUsage', { action: { kind: 'ai_reply' }, occurredAt: t.clock.now - 2 * day });
    await t.call('recordAdjustment', { amount: -2_000_000, reason: 'billing correction' });
    await t.call('purchaseBundle', { bundleId: 'b1k', quantity: 1 });
    const narrow = await t.call('getAnalytics', { from: Date.UTC(2026, 11, 1), to: t.clock.now + 1 });
    const wide = await t.call('getAnalytics', { from: Date.UTC(2026, 8, 1), to: t.clock.now + 1 });
    for (const view of [narrow, wide]) {
      const sum = Object.values(view.byBucket).reduce((s, n) => s + n, 0);
      expect(sum).toBe(view.total);
      expect(view.total).toBe(1_500_000);
      for (const value of Object.values(view.byBucket)) expect(value).toBeGreaterThanOrEqual(0);
      expect(view.byBucket).toMatchObject({ monthly: 1_000_000, overdraft: 500_000 });
      expect(Object.values(view.byBucketShares!).reduce((s, n) => s + n, 0)).toBe(10_000);
      expect(view.byBucketShares).toMatchObject({ monthly: 6667, overdraft: 3333 });
    }
    expect(wide.byBucket).toEqual(narrow.byBucket);
  });
});

describe('observation 5: overdraft repayment and corrections are not usage', () => {
  it('shows what repaid last cycle’s overdraft apart from this cycle’s usage, and alerts on usage only', async () => {
    await t.call('getOverview', {});
    // Last cycle: 1,500 credits of usage against its 1,000 → 500 overdrawn.
    for (let i = 0; i < 300; i++)
      await t.call('recordUsage', { action: { kind: 'ai_reply' }, occurredAt: Date.UTC(2026, 10, 20) });
    // This cycle: 100 credits of usage and a −50 correction.
    for (let i = 0; i < 20; i++) await t.call('recordUsage', { action: { kind: 'ai_reply' } });
    await t.call('recordAdjustment', { amount: -50_000, reason: 'duplicate import' });
    t.clock.now += 1000;
    const view = await overview();
    expect(view.balance.monthly).toMatchObject({
      granted: 1_000_000,
      used: 100_000,
      repaid: 500_000,
      corrected: 50_000,
      remaining: 350_000,
    });
    // 10 % used by usage: no "50 % used" alert, though 65 % of the credits are gone.
    await t.core.context.alerts.check(
      await t.core.context.ledger.balance(t.clock.now),
      [50, 80, 100],
      t.clock.now,
    );
    expect((await overview()).alerts).toEqual([]);
    // Analytics list the repayment and the correction apart from the usage they are not.
    const analytics = await t.call('getAnalytics', { from: Date.UTC(2026, 11, 1), to: t.clock.now + 1 });
    expect(analytics.total).toBe(100_000);
    expect(analytics.notUsage).toEqual({ repaid: 500_000, corrected: 50_000 });
    expect(Object.values(analytics.byBucket).reduce((s, n) => s + n, 0)).toBe(100_000);
    // Burn rates count usage only (100 credits today over 7 days), not the correction.
    expect(view.forecast.trailing7d.ratePerDay).toBe(Math.round(100_000 / 7));
  });

  it('a correction comes out of the bucket the user picks', async () => {
    await t.call('getOverview', {});
    await t.call('purchaseBundle', { bundleId: 'b1k', quantity: 1 });
    t.clock.now += 1000;
    await t.call('recordAdjustment', { amount: -300_000, reason: 'wrong bundle credit', bucket: 'bundle' });
    t.clock.now += 1000;
    const view = await overview();
    expect(view.balance.bundle).toBe(700_000);
    expect(view.balance.monthly.remaining).toBe(1_000_000);
    expect(await t.raw('recordAdjustment', { amount: -1, reason: 'x', bucket: 'savings' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
  });
});
