import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { createCore, type Core } from '../../src-main/core/app';
import { fileSecretStore } from '../../src-main/core/secrets';
import {
  LEDGER_IMAGE_FILE_NAME,
  readLedgerImage,
  writeLedgerImage,
} from '../../src-main/core/ledger/ledger-image-file';
import { toLedgerDoc } from '../../src-shared/db/ledger-doc';
import { computeBalance, listEntries, prepareEntries, type LedgerEntry } from '../../src-shared/ledger';
import {
  callOn,
  changeStored,
  openTestCore,
  storedEntries,
  type StoredDatabase,
  type TestCore,
} from './core-fixture';

/**
 * The ledger image (issue #15): a start reads the whole ledger from the image file plus the writes
 * made after it, and only when that is exactly what storage holds; anything else scans storage.
 */

const DAY = 86_400_000;
let t: TestCore;
let logs: string[];
let image: string;
beforeEach(async () => {
  t = await openTestCore(Date.UTC(2026, 10, 15, 12));
  image = join(t.dataDir, LEDGER_IMAGE_FILE_NAME);
  logs = [];
});
afterEach(async () => {
  await t.core.close();
  rmSync(t.dataDir, { recursive: true, force: true });
});

const call = callOn;

async function openCore(imageRefreshEntries?: number): Promise<Core> {
  t.core = await createCore({
    dataDir: t.dataDir,
    mode: 'web',
    secretStore: fileSecretStore(t.dataDir),
    now: () => t.clock.now,
    ledger: { log: (message) => logs.push(message), imageRefreshEntries },
  });
  await t.core.context.ledger.fullSource();
  return t.core;
}

/** Closes the app, changes storage as a sync pull or another tool would, and opens it again. */
async function whileClosed(change: (db: StoredDatabase) => Promise<unknown>): Promise<Core> {
  await t.core.close();
  await changeStored(t.dataDir, change);
  return openCore();
}

const stored = storedEntries;

/** The loaded book against a full replay of storage: balances, and every entry with its provenance. */
async function expectSameAsStorage(core: Core): Promise<void> {
  const entries = await stored(core);
  const book = await core.context.ledger.fullSource();
  for (const at of [t.clock.now, t.clock.now - 40 * DAY, t.clock.now + 60 * DAY])
    expect({ ...book.balanceAt(at), duplicates: 0 }).toEqual(computeBalance(entries, at, { anchorDay: 1 }));
  expect(listEntries(book.entries())).toEqual(prepareEntries(entries).entries);
}

const usageLike = (template: LedgerEntry, key: string, occurredAt: number) =>
  toLedgerDoc({ ...template, id: `usage:${key}`, sourceEventId: key, occurredAt } as LedgerEntry);

/** Usage, a bundle, a reversal, an adjustment, spread over a few cycles. */
async function seed(): Promise<void> {
  for (let i = 0; i < 15; i++) {
    await call(t.core, 'recordUsage', {
      action: { kind: 'ai_reply', autoDraftAll: i % 2 === 0, conversationMessages: i * 3 },
      occurredAt: t.clock.now - (i % 50) * DAY,
    });
  }
  await call(t.core, 'purchaseBundle', { bundleId: 'b1k', quantity: 1 });
  const refunded = await call(t.core, 'recordUsage', { action: { kind: 'ai_label' } });
  await call(t.core, 'recordReversal', { usageId: refunded.id, reason: 'the label was wrong' });
}

describe('ledger image', () => {
  it('a start after a scan loads from the image and holds exactly what storage holds', async () => {
    await seed();
    await t.core.close();
    expect(existsSync(image)).toBe(true);
    const core = await openCore();
    expect(core.context.ledger.lastLoad).toEqual({ from: 'image', caughtUp: 0 });
    await expectSameAsStorage(core);
    // The restored book keeps working: a new entry and a refund of an old usage.
    const usage = await call(core, 'recordUsage', { action: { kind: 'kb_article', count: 40 } });
    await call(core, 'recordReversal', { usageId: usage.id, reason: 'double counted' });
    await expectSameAsStorage(core);
  });

  it('writes made after the image (new entries, a replaced fact) are read on top of it', async () => {
    await seed();
    const entries = await stored(t.core);
    const usage = entries.find((e) => e.kind === 'usage')!;
    let core = await whileClosed(async (db) => {
      await db.ledger.bulkInsert([
        usageLike(usage, 'pulled-1', t.clock.now - 70 * DAY),
        usageLike(usage, 'pulled-2', t.clock.now - DAY),
      ]);
      const doc = await db.ledger.findOne(usage.id).exec();
      // Sync settled a conflict in the team's favour: another fact under the same id.
      await doc!.incrementalPatch({ amount: usage.amount - 9000, occurredAt: usage.occurredAt - 20 * DAY });
    });
    expect(core.context.ledger.lastLoad).toEqual({ from: 'image', caughtUp: 3 });
    await expectSameAsStorage(core);

    // Below the refresh size the image stays as it was (the app's own writes at start, monthly grants
    // for the cycles the pulled usage fell in, are read on top of it next time); past it, closing
    // writes a fresh one.
    const before = readFileSync(image);
    await t.core.close();
    expect(readFileSync(image).equals(before)).toBe(true);
    core = await openCore(2);
    expect(core.context.ledger.lastLoad).toEqual({ from: 'image', caughtUp: 5 });
    await t.core.close();
    expect(readFileSync(image).equals(before)).toBe(false);
    core = await openCore();
    expect(core.context.ledger.lastLoad).toEqual({ from: 'image', caughtUp: 0 });
    await expectSameAsStorage(core);
  });

  it('an entry removed after the image, or purged behind its back, makes the start scan storage', async () => {
    await seed();
    // Usage: the app would write a removed monthly grant again at start.
    const [first, second] = (await stored(t.core)).filter((e) => e.kind === 'usage');
    let core = await whileClosed(async (db) => (await db.ledger.findOne(first!.id).exec())!.remove());
    expect(core.context.ledger.lastLoad).toEqual({
      from: 'storage',
      reason: `entry ${first!.id} was removed after the image was written`,
    });
    await expectSameAsStorage(core);

    // Gone without a tombstone (a purge): only the count can tell.
    core = await whileClosed(async (db) => {
      const instance = (db.ledger.storageInstance as unknown as { originalStorageInstance: unknown })
        .originalStorageInstance as { internals: { connection: Database.Database; documentTable: string } };
      const { connection, documentTable } = instance.internals;
      const row = connection.prepare(`SELECT pk, data FROM ${documentTable}`).all() as {
        pk: Buffer;
        data: string;
      }[];
      const victim = row.find((r) => (JSON.parse(r.data) as { id: string }).id === second!.id)!;
      connection.prepare(`DELETE FROM ${documentTable} WHERE pk = ?`).run(victim.pk);
    });
    expect(core.context.ledger.lastLoad).toMatchObject({
      from: 'storage',
      reason: expect.stringMatching(/^it holds \d+ entries with the later writes, storage \d+$/),
    });
    await expectSameAsStorage(core);
    expect(logs.some((m) => m.startsWith('ledger image not used: it holds'))).toBe(true);
  });

  it('an entry stored with an older write time (a clock that went back) is caught by the count', async () => {
    await seed();
    const usage = (await stored(t.core)).find((e) => e.kind === 'usage')!;
    const core = await whileClosed(async (db) => {
      const result = await db.ledger.internalStorageInstance.bulkWrite(
        [
          {
            document: {
              ...usageLike(usage, 'backdated', t.clock.now - DAY),
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
    expect(core.context.ledger.lastLoad).toMatchObject({ from: 'storage' });
    await expectSameAsStorage(core);
  });

  it('a torn, edited, foreign or damaged image is not used, and the next close replaces it', async () => {
    await seed();
    await t.core.close();
    const good = readFileSync(image);
    const attempts: [string, Buffer | (() => Promise<void>), RegExp][] = [
      ['torn', good.subarray(0, good.length - 100), /checksum|cut short/],
      ['bit flipped', Buffer.from(good.map((b, i) => (i === good.length - 3 ? b ^ 1 : b))), /checksum/],
      ['not an image', Buffer.from('{"balance": 1}'), /not a ledger image/],
      [
        'another database',
        async () => {
          const read = await readLedgerImage(image);
          if ('reason' in read) throw new Error(read.reason);
          writeLedgerImage(image, { ...read.meta, database: 'another' }, read.image);
        },
        /another database/,
      ],
      [
        'an id held twice (checksum right)',
        async () => {
          writeFileSync(image, good);
          const read = await readLedgerImage(image);
          if ('reason' in read) throw new Error(read.reason);
          const ids = [...read.image.columns.ids];
          const usages = ids.map((id, row) => [id, row] as const).filter(([id]) => id.startsWith('usage:'));
          ids[usages[1]![1]] = usages[0]![0];
          writeLedgerImage(image, read.meta, { ...read.image, columns: { ...read.image.columns, ids } });
        },
        /damaged: id .* is held twice/,
      ],
      [
        'a fractional amount (checksum right)',
        async () => {
          writeFileSync(image, good);
          const read = await readLedgerImage(image);
          if ('reason' in read) throw new Error(read.reason);
          read.image.columns.amount[0] = 0.5;
          writeLedgerImage(image, read.meta, read.image);
        },
        /damaged: row 0 holds a time or amount that is not whole/,
      ],
    ];
    for (const [what, bad, reason] of attempts) {
      if (typeof bad === 'function') await bad();
      else writeFileSync(image, bad);
      const core = await openCore();
      expect(core.context.ledger.lastLoad, what).toMatchObject({
        from: 'storage',
        reason: expect.stringMatching(reason),
      });
      await expectSameAsStorage(core);
      await core.close();
      // The scan left a fresh image behind.
      const next = await openCore();
      expect(next.context.ledger.lastLoad, what).toEqual({ from: 'image', caughtUp: 0 });
      await next.close();
    }
    expect(prepareEntries(await stored(await openCore())).entries.length).toBeGreaterThan(15);
  });
});
