import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  computeBalance,
  LedgerBook,
  listEntries,
  prepareEntries,
  type LedgerEntry,
  type UsageEntry,
} from '../../../src-shared/ledger';
import { ledgerPayloadKey } from '../../../src-shared/db/ledger-doc';
import { ledgerArb, recopy, variant, type GeneratedLedger } from '../helpers/arbitraries';
import { DAY, partialReversal } from '../helpers/entries';
import { PROPERTY_RUNS, PROPERTY_TIMEOUT } from '../helpers/runs';

/**
 * The columnar LedgerBook (issue #15) against the reference replay, computeBalance over the same
 * entries: random ledgers with full, partial, excessive and orphaned reversals, re-recorded copies,
 * conflicting facts, arrival in random batches and orders with balance queries (which take
 * snapshots) in between, and stored facts replaced afterwards.
 */

const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

interface Extras {
  /** Partial reversals: [usage pick, delay in quarter days, per-mille of the usage]. */
  partials: [number, number, number][];
  /** Copies: [entry pick, which: 0 same fact re-recorded, 1 a conflicting fact]. */
  copies: [number, number][];
}

const extrasArb: fc.Arbitrary<Extras> = fc.record({
  partials: fc.array(fc.tuple(fc.nat(), fc.nat(200), fc.integer({ min: 1, max: 700 })), { maxLength: 8 }),
  copies: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 1 })), { maxLength: 6 }),
});

/** The ledger's entries plus partial reversals and copies (same fact, or a conflicting one). */
function withExtras(ledger: GeneratedLedger, extras: Extras): LedgerEntry[] {
  const all = ledger.entries.slice();
  const usages = ledger.entries.filter((e): e is UsageEntry => e.kind === 'usage');
  extras.partials.forEach(([pick, delay, perMille], i) => {
    const target = usages[pick % Math.max(1, usages.length)];
    if (!target) return;
    const amount = Math.floor((-target.amount * perMille) / 1000);
    all.push(partialReversal(target, target.occurredAt + delay * (DAY / 4), amount, uuid(i)));
  });
  for (const [pick, which] of extras.copies) {
    const entry = all[pick % Math.max(1, all.length)];
    if (!entry) continue;
    all.push(which === 0 ? recopy(entry, pick % 2 === 0 ? 'aaa' : 'zzz') : variant(entry, DAY / 4));
  }
  return all;
}

/** Splits `entries` into an arrival order and batches drawn from `randoms`. */
function arrivals(entries: LedgerEntry[], randoms: fc.Stream<number>): LedgerEntry[][] {
  const shuffled = entries
    .map((entry) => ({ entry, key: randoms.next().value }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.entry);
  const batches: LedgerEntry[][] = [];
  for (let i = 0; i < shuffled.length;) {
    const size = 1 + (randoms.next().value % 12);
    batches.push(shuffled.slice(i, i + size));
    i += size;
  }
  return batches;
}

const scenario = fc.tuple(ledgerArb(), extrasArb, fc.infiniteStream(fc.nat()));

describe('columnar LedgerBook equals the reference replay', () => {
  it(
    'for random ledgers arriving in any order and batches, with queries in between',
    () => {
      fc.assert(
        fc.property(scenario, ([ledger, extras, randoms]) => {
          const all = withExtras(ledger, extras);
          const book = new LedgerBook({ anchorDay: ledger.anchorDay });
          const span = ledger.to - ledger.from + 40 * DAY;
          const someTime = () => ledger.from - DAY + (randoms.next().value % span);
          const arrived: LedgerEntry[] = [];
          for (const batch of arrivals(all, randoms)) {
            book.add(batch);
            arrived.push(...batch);
            const at = someTime();
            expect(book.balanceAt(at)).toEqual(computeBalance(arrived, at, { anchorDay: ledger.anchorDay }));
          }
          const at = someTime();
          expect(book.balanceAt(at)).toEqual(computeBalance(all, at, { anchorDay: ledger.anchorDay }));
          // The facts read back from the columns are the reference's, in its order (which of several
          // copies of one fact the book holds is provenance, not part of the fact).
          expect(listEntries(book.entries()).map(ledgerPayloadKey)).toEqual(
            prepareEntries(all).entries.map(ledgerPayloadKey),
          );
          expect(book.size).toBe(prepareEntries(all).entries.length);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'under another anchor day, equals the reference replay with that anchor day, and shares nothing',
    () => {
      fc.assert(
        fc.property(scenario, fc.integer({ min: 1, max: 31 }), ([ledger, extras, randoms], anchorDay) => {
          const all = withExtras(ledger, extras);
          const book = new LedgerBook({ anchorDay: ledger.anchorDay });
          const span = ledger.to - ledger.from + 40 * DAY;
          const someTime = () => ledger.from - DAY + (randoms.next().value % span);
          for (const batch of arrivals(all, randoms)) {
            book.add(batch);
            book.balanceAt(someTime());
          }
          const winners = prepareEntries(all).entries;
          const other = book.withAnchorDay(anchorDay);
          for (let k = 0; k < 3; k++) {
            const at = someTime();
            // One copy per id goes across: duplicates and conflict reports stay with the original.
            expect(other.balanceAt(at)).toEqual(computeBalance(winners, at, { anchorDay }));
          }
          expect(listEntries(other.entries())).toEqual(listEntries(book.entries()));
          // Entries added to either book stay in that book.
          const late = winners.find((e) => e.kind === 'adjustment' || e.kind === 'grant');
          if (late === undefined) return;
          const extra = { ...late, id: `${late.id}:copy-test`, occurredAt: ledger.from } as LedgerEntry;
          other.add([extra]);
          // And a fact replaced in the copy (written over its row in place).
          const moved = { ...late, occurredAt: late.occurredAt + DAY, recordedAt: 1 } as LedgerEntry;
          expect(other.replaceFact(moved)).toBe(true);
          const at = someTime();
          expect(book.balanceAt(at)).toEqual(computeBalance(all, at, { anchorDay: ledger.anchorDay }));
          const changed = winners.map((e) => (e.id === late.id ? moved : e));
          expect(other.balanceAt(at)).toEqual(computeBalance([...changed, extra], at, { anchorDay }));
        }),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'after stored facts are replaced (sync), equals a replay of the ledger with the new facts',
    () => {
      fc.assert(
        fc.property(
          scenario,
          fc.array(
            fc.tuple(fc.nat(), fc.integer({ min: -40, max: 40 }), fc.integer({ min: 0, max: 3_000 })),
            {
              minLength: 1,
              maxLength: 5,
            },
          ),
          ([ledger, extras, randoms], changes) => {
            // One copy per id: storage holds one document per id, and a replaced fact replaces it.
            const stored = new Map<string, LedgerEntry>();
            for (const entry of withExtras(ledger, { ...extras, copies: [] })) stored.set(entry.id, entry);
            const book = new LedgerBook({ anchorDay: ledger.anchorDay });
            for (const batch of arrivals([...stored.values()], randoms)) book.add(batch);
            const span = ledger.to - ledger.from + 40 * DAY;
            const someTime = () => ledger.from - DAY + (randoms.next().value % span);
            const ids = [...stored.keys()];
            for (const [pick, shift, amount] of changes) {
              const id = ids[pick % Math.max(1, ids.length)];
              if (id === undefined) continue;
              // Snapshots first, so the replacement has some to drop.
              book.balanceAt(ledger.to + DAY);
              const old = stored.get(id)!;
              const moved = { ...old, occurredAt: Math.max(0, old.occurredAt + shift * (DAY / 4)) };
              const next = (
                old.kind === 'usage'
                  ? { ...moved, amount: -amount }
                  : old.kind === 'adjustment'
                    ? { ...moved, amount: amount === 0 ? 1 : amount }
                    : { ...moved, amount: Math.max(old.kind === 'reversal' ? 0 : 1, amount) }
              ) as LedgerEntry;
              stored.set(id, next);
              expect(book.replaceFact(next)).toBe(true);
              // Past every snapshot, and at a random time (which may resume from an earlier one).
              for (const at of [ledger.to + DAY, someTime()]) {
                expect(book.balanceAt(at)).toEqual(
                  computeBalance([...stored.values()], at, { anchorDay: ledger.anchorDay }),
                );
              }
            }
            const at = someTime();
            const reference = computeBalance([...stored.values()], at, { anchorDay: ledger.anchorDay });
            expect(book.balanceAt(at)).toEqual(reference);
            expect(book.size).toBe(stored.size);
            expect(listEntries(book.entries())).toEqual(prepareEntries([...stored.values()]).entries);
          },
        ),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );
});
