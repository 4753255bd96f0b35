import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLedgerImage, writeLedgerImage } from '../../src-main/core/ledger/ledger-image-file';
import {
  computeBalance,
  LedgerBook,
  listEntries,
  prepareEntries,
  type LedgerEntry,
} from '../../src-shared/ledger';
import { ledgerArb } from '../shared/helpers/arbitraries';
import { DAY } from '../shared/helpers/entries';
import { PROPERTY_RUNS, PROPERTY_TIMEOUT } from '../shared/helpers/runs';

/**
 * A book written to a ledger image file and read back (issue #15) is the same book: for random
 * ledgers (usage under several machines, tokens and non-ASCII ids; grants, reversals, adjustments)
 * held after random arrival and queries, the restored book holds the same entries, gives the
 * reference replay's balances, and goes on to agree with the reference as entries arrive and
 * stored facts are replaced.
 */

const dir = mkdtempSync(join(tmpdir(), 'creditdesk-image-prop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const MACHINES = ['desk-a', 'desk-b', 'laptop-ü'];

/** Spreads usage over machines, tokens and ids with characters beyond ASCII (several profiles). */
function decorate(entries: LedgerEntry[], picks: number[]): LedgerEntry[] {
  return entries.map((entry, i) => {
    const pick = picks[i % Math.max(1, picks.length)] ?? 0;
    const machineId = MACHINES[pick % MACHINES.length]!;
    if (entry.kind !== 'usage') return { ...entry, machineId };
    const sourceEventId = pick % 4 === 0 ? `${entry.sourceEventId}-€✓` : entry.sourceEventId;
    const token = pick % 3 === 0 ? { tokenId: `tok-${pick % 2}`, tokenLabel: 'Kassel büro' } : {};
    return { ...entry, ...token, machineId, sourceEventId, id: `usage:${sourceEventId}`, recordedAt: pick };
  });
}

async function roundTrip(book: LedgerBook, anchorDay: number): Promise<LedgerBook> {
  const image = book.image();
  if (image === null) throw new Error('no image of a book without conflicts');
  const path = join(dir, `image-${files++}.bin`);
  writeLedgerImage(path, { database: 'db', written: { lwt: 1, id: 'x' } }, image);
  const read = await readLedgerImage(path);
  rmSync(path);
  if ('reason' in read) throw new Error(read.reason);
  expect(read.meta).toEqual({ database: 'db', written: { lwt: 1, id: 'x' } });
  return LedgerBook.fromImage({ anchorDay }, read.image);
}

describe('ledger image round trip', () => {
  it(
    'restores a book equal to the reference replay, before and after more changes',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          ledgerArb(),
          fc.array(fc.nat(1000), { minLength: 1, maxLength: 20 }),
          fc.infiniteStream(fc.nat()),
          async (ledger, picks, randoms) => {
            const all = decorate(ledger.entries, picks);
            const stored = new Map(all.map((e) => [e.id, e]));
            const entries = [...stored.values()];
            const cut = Math.floor(entries.length / 2) + (randoms.next().value % (entries.length / 2 + 1));
            const before = entries.slice(0, cut);
            const after = entries.slice(cut);
            const span = ledger.to - ledger.from + 40 * DAY;
            const someTime = () => ledger.from - DAY + (randoms.next().value % span);

            const book = new LedgerBook({ anchorDay: ledger.anchorDay });
            for (let i = 0; i < before.length; i += 7) {
              book.add(before.slice(i, i + 7));
              book.balanceAt(someTime());
            }
            const restored = await roundTrip(book, ledger.anchorDay);
            expect(listEntries(restored.entries())).toEqual(listEntries(book.entries()));
            expect(listEntries(restored.entries())).toEqual(prepareEntries(before).entries);
            for (let k = 0; k < 3; k++) {
              const at = someTime();
              expect(restored.balanceAt(at)).toEqual(
                computeBalance(before, at, { anchorDay: ledger.anchorDay }),
              );
            }

            // It keeps working: the rest arrives, and a stored fact is replaced.
            restored.add(after);
            const ids = [...stored.keys()];
            if (ids.length > 0) {
              const id = ids[randoms.next().value % ids.length]!;
              const old = stored.get(id)!;
              const moved = { ...old, occurredAt: old.occurredAt + DAY } as LedgerEntry;
              stored.set(id, moved);
              expect(restored.replaceFact(moved)).toBe(true);
            }
            const now = [...stored.values()];
            for (let k = 0; k < 3; k++) {
              const at = someTime();
              expect(restored.balanceAt(at)).toEqual(
                computeBalance(now, at, { anchorDay: ledger.anchorDay }),
              );
            }
            // And an image of the restored book reads back the same once more.
            const again = await roundTrip(restored, ledger.anchorDay);
            expect(listEntries(again.entries())).toEqual(prepareEntries(now).entries);
          },
        ),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it('a book holding conflicting copies of an id gives no image', () => {
    const book = new LedgerBook({ anchorDay: 1 });
    const usage = decorate(
      fc.sample(ledgerArb(), { numRuns: 20, seed: 7 }).flatMap((l) => l.entries),
      [1],
    ).find((e) => e.kind === 'usage')!;
    book.add([usage, { ...usage, amount: usage.amount - 1000 } as LedgerEntry]);
    expect(book.conflicts()).toHaveLength(1);
    expect(book.image()).toBeNull();
  });
});
