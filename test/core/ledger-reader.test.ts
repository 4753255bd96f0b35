import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type CreditdeskDatabase } from '../../src-main/core/db/open-database';
import { createStorage } from '../../src-main/core/db/storage';
import {
  earliestChangeSince,
  NO_WRITES,
  readAllInChunks,
  readRange,
  writtenAfter,
  type WritePosition,
} from '../../src-main/core/ledger/ledger-reader';
import { toLedgerDoc } from '../../src-shared/db/ledger-doc';
import type { LedgerEntry } from '../../src-shared/ledger';
import { DAY, usage } from '../shared/helpers/entries';

let dir: string;
let db: CreditdeskDatabase;
const start = Date.UTC(2024, 0, 1);
// Bursts sharing one instant, long gaps, and steady usage: windows must neither split nor skip.
const entries: LedgerEntry[] = [
  ...Array.from({ length: 40 }, (_v, i) => usage(1000, start, `burst-${i}`)),
  ...Array.from({ length: 60 }, (_v, i) => usage(1000, start + 400 * DAY + i * 3_600_000, `steady-${i}`)),
  usage(1000, start + 900 * DAY, 'last'),
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'creditdesk-reader-'));
  db = await openDatabase({ storage: createStorage(join(dir, 'db')) });
  await db.ledger.bulkInsert(entries.slice(0, 50).map(toLedgerDoc));
  await db.ledger.bulkInsert(entries.slice(50).map(toLedgerDoc));
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const ids = (list: readonly LedgerEntry[]) => list.map((e) => e.id);

describe('ledger reader', () => {
  it('reads the whole ledger in windows, each entry once, in replay order', async () => {
    const all = await readRange(db.ledger, 0, Infinity);
    expect(all.entries).toHaveLength(entries.length);
    for (const chunk of [1, 7, 1000]) {
      const read: LedgerEntry[] = [];
      let batches = 0;
      let pauses = 0;
      await readAllInChunks(
        db.ledger,
        (batch) => {
          batches++;
          read.push(...batch.entries);
        },
        { chunk, pause: async () => void pauses++, stopped: () => false },
      );
      expect(ids(read)).toEqual(ids(all.entries));
      expect(pauses).toBe(batches);
      if (chunk === 1000) expect(batches).toBeLessThanOrEqual(3);
      else expect(batches).toBeGreaterThan(3);
    }
  });

  it('stops between windows when asked', async () => {
    let batches = 0;
    await readAllInChunks(db.ledger, () => void batches++, {
      chunk: 5,
      pause: async () => undefined,
      stopped: () => batches >= 2,
    });
    expect(batches).toBe(2);
  });

  it('reads a time range with the newest write position among it', async () => {
    const range = await readRange(db.ledger, start + 400 * DAY, start + 401 * DAY);
    expect(ids(range.entries)).toEqual(ids(entries.slice(40, 64)));
    expect(range.latest.lwt).toBeGreaterThan(0);
    expect((await readRange(db.ledger, start + 1, start + 2)).latest).toEqual(NO_WRITES);
  });

  it('finds the earliest entry written after a write position', async () => {
    const all = await readRange(db.ledger, 0, Infinity);
    const newest: WritePosition = all.latest;
    expect(await earliestChangeSince(db.ledger, newest, 100)).toBe(Infinity);
    expect(await earliestChangeSince(db.ledger, NO_WRITES, 1000)).toBe(start);
    expect(await earliestChangeSince(db.ledger, NO_WRITES, 10)).toBeNull();
    const late = usage(1000, start + 10 * DAY, 'late');
    await db.ledger.insert(toLedgerDoc(late));
    expect(await earliestChangeSince(db.ledger, newest, 100)).toBe(start + 10 * DAY);
    expect(writtenAfter((await readRange(db.ledger, 0, Infinity)).latest, newest)).toBe(true);
  });
});
