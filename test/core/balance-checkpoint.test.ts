import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createCore, type Core } from '../../src-main/core/app';
import { fileSecretStore } from '../../src-main/core/secrets';
import { CHECKPOINT_FILE_NAME } from '../../src-main/core/ledger/checkpoint-file';
import { toBalanceView } from '../../src-main/core/ledger/balance-view';
import { SETTINGS_ID } from '../../src-main/core/settings/settings-service';
import { toLedgerDoc } from '../../src-shared/db/ledger-doc';
import { computeBalance, listEntries, type LedgerEntry, type UsageEntry } from '../../src-shared/ledger';
import {
  callOn,
  changeStored,
  openTestCore,
  storedEntries,
  type StoredDatabase,
  type TestCore,
} from './core-fixture';

const DAY = 86_400_000;
let t: TestCore;
let logs: string[];
beforeEach(async () => {
  t = await openTestCore(Date.UTC(2026, 10, 15, 12));
  logs = [];
});
// The fixture's close() closes the core it opened; these tests replace it, so they close their own.
afterEach(async () => {
  await t.core.close();
  rmSync(t.dataDir, { recursive: true, force: true });
});

const call = callOn;

/** A gate the test opens: until then the reopened core answers only from its checkpoint. */
function gate() {
  let open!: () => void;
  const held = new Promise<void>((resolve) => (open = resolve));
  return { held, open };
}

/** Opens the data folder again (same clock); the fixture closes whichever core is current. */
async function openCore(options: { hold?: Promise<void> } = {}): Promise<Core> {
  t.core = await createCore({
    dataDir: t.dataDir,
    mode: 'web',
    secretStore: fileSecretStore(t.dataDir),
    now: () => t.clock.now,
    ledger: { backgroundGate: options.hold, log: (message) => logs.push(message) },
  });
  return t.core;
}

async function reopen(options: { hold?: Promise<void> } = {}): Promise<Core> {
  await t.core.close();
  return openCore(options);
}

/**
 * Closes the app, changes the stored data as a sync pull or another tool would while it is not
 * running, and opens it again.
 */
async function whileClosed(change: (db: StoredDatabase) => Promise<unknown>) {
  await t.core.close();
  await changeStored(t.dataDir, change);
  return openCore();
}

const stored = storedEntries;

/** The balance every answer must equal: a full replay of what is stored. */
async function replay(core: Core, anchorDay = 1) {
  return computeBalance(await stored(core), t.clock.now, { anchorDay });
}

const withoutCopies = <T extends { duplicates: number }>(b: T) => ({ ...b, duplicates: 0 });

/** A few cycles of activity: usage now and in October, a bundle, a reversal. */
async function seed(): Promise<UsageEntry> {
  const october = await call(t.core, 'recordUsage', {
    action: { kind: 'kb_article', count: 300 },
    occurredAt: Date.UTC(2026, 9, 20),
  });
  for (let i = 0; i < 12; i++) {
    await call(t.core, 'recordUsage', {
      action: { kind: 'ai_reply', autoDraftAll: true, conversationMessages: i * 3 },
      occurredAt: t.clock.now - (i % 20) * DAY,
    });
  }
  await call(t.core, 'purchaseBundle', { bundleId: 'b1k', quantity: 1 });
  const refunded = await call(t.core, 'recordUsage', {
    action: { kind: 'ai_label' },
    occurredAt: t.clock.now - 3 * DAY,
  });
  await call(t.core, 'recordReversal', { usageId: refunded.id, reason: 'the label was wrong' });
  return (await t.core.context.store.get(october.id)) as UsageEntry;
}

describe('start-up from the balance checkpoint', () => {
  it('answers the balance and forecast of a full replay before the ledger is loaded', async () => {
    await seed();
    const closedAt = t.clock.now;
    const before = await call(t.core, 'getOverview', {});
    await t.core.close();
    expect(existsSync(join(t.dataDir, CHECKPOINT_FILE_NAME))).toBe(true);
    t.clock.now += 2 * 3600_000;

    const { held, open } = gate();
    const core = await reopen({ hold: held });
    expect(core.context.ledger.startup).toEqual({ from: 'checkpoint', cut: closedAt });
    const fast = await call(core, 'getOverview', {});
    expect(core.context.ledger.loaded).toBe(false);
    expect(fast.balance).toEqual(toBalanceView(await replay(core)));
    expect(fast.ledgerEntries).toBe(before.ledgerEntries);
    expect(withoutCopies(core.context.ledger.balanceAt(t.clock.now))).toEqual(await replay(core));

    // New usage lands after the cut: still answered from the checkpoint.
    await call(core, 'recordUsage', { action: { kind: 'ai_prioritize' } });
    const after = await call(core, 'getOverview', {});
    expect(core.context.ledger.loaded).toBe(false);
    expect(after.balance).toEqual(toBalanceView(await replay(core)));

    open();
    await core.context.ledger.fullSource();
    expect(await call(core, 'getOverview', {})).toEqual(after);
    expect(logs.filter((m) => m.includes('differed'))).toEqual([]);
  });

  it('an entry stored before the latest cut while closed falls back to the cycle cut, then to a full load', async () => {
    await seed();
    const usage = (await stored(t.core)).find((e) => e.kind === 'usage')!;
    const late = (key: string, occurredAt: number) =>
      toLedgerDoc({ ...usage, id: `usage:${key}`, sourceEventId: key, occurredAt } as LedgerEntry);

    let core = await whileClosed((db) => db.ledger.insert(late('late-1', t.clock.now - 2 * DAY)));
    expect(core.context.ledger.startup).toEqual({ from: 'checkpoint', cut: Date.UTC(2026, 10, 1) });
    expect(withoutCopies(core.context.ledger.balanceAt(t.clock.now))).toEqual(await replay(core));

    // Last month's usage arrives: no cut before it is left, so everything is loaded first.
    core = await whileClosed((db) => db.ledger.insert(late('late-2', Date.UTC(2026, 9, 25))));
    expect(core.context.ledger.startup).toMatchObject({
      from: 'full',
      reason: expect.stringMatching(/before its cut/),
    });
    expect(core.context.ledger.loaded).toBe(true);
    expect((await call(core, 'getOverview', {})).balance).toEqual(toBalanceView(await replay(core)));
  });

  it('an entry stored with an older write time (a clock that went back) is caught by the count', async () => {
    await seed();
    const usage = (await stored(t.core)).find((e) => e.kind === 'usage')!;
    const late = {
      ...usage,
      id: 'usage:backdated',
      sourceEventId: 'backdated',
      occurredAt: t.clock.now - DAY,
    };
    const core = await whileClosed(async (db) => {
      // Below RxDB's wrapper, which would stamp the current time.
      const result = await db.ledger.internalStorageInstance.bulkWrite(
        [
          {
            document: {
              ...toLedgerDoc(late as LedgerEntry),
              _meta: { lwt: 1 },
              _rev: '1-test',
              _deleted: false,
              _attachments: {},
            },
          },
        ],
        'test',
      );
      expect(result.error).toEqual([]);
    });
    expect(core.context.ledger.startup).toEqual({ from: 'checkpoint', cut: Date.UTC(2026, 10, 1) });
    expect(withoutCopies(core.context.ledger.balanceAt(t.clock.now))).toEqual(await replay(core));
    expect((await replay(core)).entries).toBe(core.context.ledger.size);
  });

  it('a stored entry changed while closed (same count) is caught by its write time', async () => {
    const october = await seed();
    const core = await whileClosed(async (db) => {
      const doc = await db.ledger.findOne(october.id).exec();
      await doc!.incrementalPatch({ amount: october.amount - 7000 });
    });
    expect(core.context.ledger.startup).toMatchObject({
      from: 'full',
      reason: expect.stringMatching(/written or changed since/),
    });
    const balance = withoutCopies(core.context.ledger.balanceAt(t.clock.now));
    expect(balance).toEqual(await replay(core));
    expect(balance.used).toBe((await replay(core)).used);
  });

  it('a reversal of an old usage stored while closed is not answered from a state without its record', async () => {
    const october = await seed();
    const refund: LedgerEntry = {
      id: `reversal:${october.id}`,
      kind: 'reversal',
      amount: -october.amount,
      usageId: october.id,
      reason: 'refund from another machine',
      occurredAt: t.clock.now + 3600_000,
      recordedAt: t.clock.now,
      machineId: 'other-machine',
    };
    t.clock.now += 2 * 3600_000;
    const core = await whileClosed((db) => db.ledger.insert(toLedgerDoc(refund)));
    expect(core.context.ledger.startup).toMatchObject({
      from: 'full',
      reason: expect.stringMatching(/reversal refers/),
    });
    const full = await replay(core);
    // October's credits lapsed at the reset, so the refund goes back to them as expired, not to the balance.
    expect(full.anomalies).toEqual([]);
    expect(withoutCopies(core.context.ledger.balanceAt(t.clock.now))).toEqual(full);
  });

  it('a corrupt, truncated, foreign or outdated checkpoint file is ignored', async () => {
    await seed();
    const file = join(t.dataDir, CHECKPOINT_FILE_NAME);
    // One process holds one database of a name: close ours while another data folder is made.
    await t.core.close();
    const other = await openTestCore(Date.UTC(2026, 10, 15, 12));
    await other.core.close();
    const foreign = readFileSync(join(other.dataDir, CHECKPOINT_FILE_NAME), 'utf8');
    rmSync(other.dataDir, { recursive: true, force: true });

    const rewrite = (body: string) => `${createHash('sha256').update(body).digest('hex')}\n${body}`;
    const mutations: [string, (text: string) => string, RegExp][] = [
      [
        'a flipped digit',
        (text) => text.replace(/"cut":(\d)/, (_m, d: string) => `"cut":${(Number(d) + 1) % 10}`),
        /checksum/,
      ],
      ['a torn write', (text) => text.slice(0, text.length >> 1), /checksum/],
      ['not a checkpoint', () => 'hello', /not a checkpoint file/],
      ['another data folder', () => foreign, /another database/],
      ['an older format', (text) => rewrite(text.slice(65).replace('"format":2', '"format":1')), /format/],
      [
        'a consistent-looking state that no replay produced',
        (text) =>
          rewrite(text.slice(65).replace(/"applied":(\d+)/, (_m, n: string) => `"applied":${Number(n) + 1}`)),
        /every entry before the cut/,
      ],
    ];
    for (const [what, mutate, reason] of mutations) {
      await t.core.close();
      const good = readFileSync(file, 'utf8');
      writeFileSync(file, mutate(good));
      await openCore();
      expect(t.core.context.ledger.startup, what).toMatchObject({
        from: 'full',
        reason: expect.stringMatching(reason),
      });
      expect(withoutCopies(t.core.context.ledger.balanceAt(t.clock.now)), what).toEqual(await replay(t.core));
    }
    expect(logs.filter((m) => m.startsWith('balance checkpoint not used'))).toHaveLength(mutations.length);
  });

  it('a checkpoint taken under another anchor day is not used', async () => {
    await seed();
    const core = await whileClosed(async (db) => {
      const settings = await db.settings.findOne(SETTINGS_ID).exec();
      await settings!.incrementalPatch({ anchorDay: 10 });
    });
    expect(core.context.ledger.startup).toMatchObject({
      from: 'full',
      reason: expect.stringMatching(/anchor day 10/),
    });
    const overview = await call(core, 'getOverview', {});
    expect(overview.cycle.start).toBe(Date.UTC(2026, 10, 10));
    expect(overview.balance).toEqual(toBalanceView(await replay(core, 10)));
    // Written again on close under the new anchor day, it serves the next start.
    const next = await reopen();
    expect(next.context.ledger.startup, JSON.stringify(logs)).toMatchObject({ from: 'checkpoint' });
    expect(withoutCopies(next.context.ledger.balanceAt(t.clock.now))).toEqual(await replay(next, 10));
  });
});

describe('the fast phase at run time', () => {
  it('a late entry, an old reversal or a new anchor day make answers wait for the whole ledger', async () => {
    const october = await seed();
    const { held, open } = gate();
    const core = await reopen({ hold: held });
    expect(core.context.ledger.startup.from).toBe('checkpoint');

    await call(core, 'recordReversal', { usageId: october.id, reason: 'refund at run time' });
    expect(() => core.context.ledger.balanceAt(t.clock.now)).toThrow(/still loading/);
    const waiting = call(core, 'getOverview', {});
    const authorizing = call(core, 'authorizeAction', { action: { kind: 'ai_reply' } });
    open();
    const overview = await waiting;
    await authorizing;
    expect(core.context.ledger.loaded).toBe(true);
    expect(overview.balance).toEqual(toBalanceView(await replay(core)));
    expect(logs.some((m) => m.includes('differed'))).toBe(false);
  });

  it('a stored fact replaced by sync voids the checkpoint file and the fast answers', async () => {
    const october = await seed();
    const { held, open } = gate();
    const core = await reopen({ hold: held });
    const doc = await core.context.db.ledger.findOne(october.id).exec();
    await doc!.incrementalPatch({ amount: october.amount - 1000 });
    expect(existsSync(join(t.dataDir, CHECKPOINT_FILE_NAME))).toBe(false);
    expect(() => core.context.ledger.balanceAt(t.clock.now)).toThrow(/still loading/);
    open();
    await expect
      .poll(async () => withoutCopies(await core.context.ledger.balance(t.clock.now)))
      .toEqual(await replay(core));
    await expect.poll(() => existsSync(join(t.dataDir, CHECKPOINT_FILE_NAME))).toBe(true);
  });

  it('the same fact replaced by sync (another machine’s copy) is swapped in without a rebuild', async () => {
    const october = await seed();
    const core = await reopen();
    const book = await core.context.ledger.fullSource();
    const balance = core.context.ledger.balanceAt(t.clock.now);
    const doc = await core.context.db.ledger.findOne(october.id).exec();
    await doc!.incrementalPatch({ machineId: 'team-copy', recordedAt: october.recordedAt + 1 });
    await expect
      .poll(() => listEntries(book.entries()).find((e) => e.id === october.id)?.machineId)
      .toBe('team-copy');
    expect(core.context.ledger.source()).toBe(book);
    expect(core.context.ledger.balanceAt(t.clock.now)).toEqual(balance);
    const page = await call(core, 'listLedger', {
      filter: { machineIds: ['team-copy'] },
      sort: 'newest',
      offset: 0,
      limit: 10,
    });
    expect(page.rows.map((r) => r.id)).toEqual([october.id]);
    expect(existsSync(join(t.dataDir, CHECKPOINT_FILE_NAME))).toBe(true);
  });

  it('a stored fact replaced by sync once the book is loaded is replaced in it, not rebuilt', async () => {
    const october = await seed();
    const core = await reopen();
    const book = await core.context.ledger.fullSource();
    const before = core.context.ledger.balanceAt(t.clock.now);
    const doc = await core.context.db.ledger.findOne(october.id).exec();
    await doc!.incrementalPatch({ amount: october.amount - 1000 });
    await expect
      .poll(() => listEntries(book.entries()).find((e) => e.id === october.id)?.amount)
      .toBe(october.amount - 1000);
    // The same book (no rebuild from storage), and every balance equals a full replay of the store.
    expect(core.context.ledger.source()).toBe(book);
    const after = core.context.ledger.balanceAt(t.clock.now);
    expect(after).not.toEqual(before);
    expect(withoutCopies(after)).toEqual(await replay(core));
    // The file was voided; the next checkpoint written is of the new fact.
    expect(existsSync(join(t.dataDir, CHECKPOINT_FILE_NAME))).toBe(false);
    core.context.ledger.checkpointIfDue(t.clock.now + 2 * 60 * 60_000);
    await core.close();
    const again = await reopen();
    expect(again.context.ledger.startup.from).toBe('checkpoint');
    expect(withoutCopies(await again.context.ledger.balance(t.clock.now))).toEqual(await replay(again));
  });

  it('a changed anchor day stops the fast answers until the ledger is loaded', async () => {
    await seed();
    const { held, open } = gate();
    const core = await reopen({ hold: held });
    const decidedAt = t.clock.now;
    await call(core, 'updateSettings', { anchorDay: 20 });
    // Decided, not in effect: the current cycle keeps its schedule, and the fast answers with it.
    expect(core.context.ledger.anchorDay).toBe(1);
    expect(core.context.ledger.balanceAt(t.clock.now).total).toBeTypeOf('number');
    // At the cycle's end the new schedule starts (the next settings event or cycle timer applies it).
    t.clock.now = Date.UTC(2026, 11, 2);
    await call(core, 'updateSettings', { labelCount: 21 });
    await expect.poll(() => core.context.ledger.anchorDay).toBe(20);
    expect(() => core.context.ledger.balanceAt(t.clock.now)).toThrow(/still loading/);
    open();
    const overview = await call(core, 'getOverview', {});
    expect(decidedAt).toBeLessThan(Date.UTC(2026, 11, 1));
    expect(overview.cycle).toMatchObject({ start: Date.UTC(2026, 11, 1), end: Date.UTC(2026, 11, 20) });
    // The new cycles' grant is written as settings settle; the answer follows what is stored.
    await expect
      .poll(async () => (await call(core, 'getOverview', {})).balance)
      .toEqual(toBalanceView(await replay(core, 20)));
  });
});

describe('ledger pages before the whole ledger is loaded', () => {
  it('come from storage, and equal the pages of the loaded ledger', async () => {
    await seed();
    await t.core.close();
    const { held, open } = gate();
    const core = await openCore({ hold: held });
    expect(core.context.ledger.loaded).toBe(false);
    const inputs = [
      { sort: 'newest' as const, offset: 0, limit: 5 },
      { sort: 'oldest' as const, offset: 3, limit: 4 },
      { filter: { kinds: ['usage' as const], actionKinds: ['ai_reply' as const] }, limit: 50 },
      // Newest first from the middle, across the end and past it (read as mirrored oldest-first pages).
      { sort: 'newest' as const, offset: 7, limit: 5 },
      { sort: 'newest' as const, offset: 15, limit: 10 },
      { sort: 'newest' as const, offset: 18, limit: 10 },
      { filter: { kinds: ['usage' as const] }, sort: 'newest' as const, offset: 2, limit: 3 },
    ];
    const early = await Promise.all(inputs.map((input) => call(core, 'listLedger', input)));
    expect(early[0]!.total).toBe(18);
    expect(early[2]!.rows.every((r) => r.actionKind === 'ai_reply')).toBe(true);
    expect(early.slice(3).map((p) => p.rows.length)).toEqual([5, 3, 0, 3]);
    open();
    await expect.poll(() => core.context.ledger.loaded).toBe(true);
    const late = await Promise.all(inputs.map((input) => call(core, 'listLedger', input)));
    // Filter totals need the whole ledger: none before it is loaded, then the sums.
    expect(early.map((p) => p.totals)).toEqual(inputs.map(() => null));
    expect(late.every((p) => p.totals !== null)).toBe(true);
    const withoutTotals = (pages: typeof early) => pages.map(({ totals: _totals, ...page }) => page);
    expect(withoutTotals(early)).toEqual(withoutTotals(late));
  });
});
