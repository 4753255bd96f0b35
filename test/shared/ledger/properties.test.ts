import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeBalance, LedgerBook, type Balance, type LedgerEntry } from '../../../src-shared/ledger';
import { ledgerArb, recopy, timeIn, variant } from '../helpers/arbitraries';
import { PROPERTY_RUNS, PROPERTY_TIMEOUT } from '../helpers/runs';

const withTime = ledgerArb().chain((ledger) => fc.tuple(fc.constant(ledger), timeIn(ledger)));

function sumAmounts(entries: readonly LedgerEntry[], at: number): number {
  const seen = new Set<string>();
  let sum = 0;
  for (const e of [...entries].sort((a, b) => a.occurredAt - b.occurredAt || (a.id < b.id ? -1 : 1))) {
    if (e.occurredAt > at || seen.has(e.id)) continue;
    seen.add(e.id);
    sum += e.amount;
  }
  return sum;
}

function checkInvariants(b: Balance): void {
  expect(b.total).toBe(b.remaining - b.overdraft);
  expect(b.granted - b.consumed - b.expired).toBe(b.total);
  expect(b.remaining > 0 && b.overdraft > 0).toBe(false);
  for (const bucket of Object.values(b.buckets)) {
    expect(bucket.granted - bucket.consumed - bucket.expired).toBe(bucket.remaining);
    expect(bucket.remaining).toBeGreaterThanOrEqual(0);
  }
  for (const lot of b.lots) {
    expect(lot.consumed).toBeGreaterThanOrEqual(0);
    expect(lot.expired).toBeGreaterThanOrEqual(0);
    expect(lot.remaining).toBeGreaterThanOrEqual(0);
    // Nothing is left in a lot past its expiry: monthly credits never roll over.
    if (lot.expiresAt !== null && lot.expiresAt <= b.at) expect(lot.remaining).toBe(0);
  }
  const byBucket = b.consumedByBucket;
  expect(byBucket.monthly + byBucket.referral + byBucket.manual + byBucket.bundle + byBucket.overdraft).toBe(
    b.consumed,
  );
}

describe('ledger properties', () => {
  it(
    'the balance does not depend on the order entries arrive in',
    () => {
      fc.assert(
        fc.property(withTime, fc.infiniteStream(fc.nat()), ([ledger, at], randoms) => {
          const shuffled = ledger.entries
            .map((entry) => ({ entry, key: randoms.next().value }))
            .sort((a, b) => a.key - b.key)
            .map((x) => x.entry);
          expect(computeBalance(shuffled, at, { anchorDay: ledger.anchorDay })).toEqual(
            computeBalance(ledger.entries, at, { anchorDay: ledger.anchorDay }),
          );
        }),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'credits are conserved: granted − consumed − expired = remaining when not overdrawn',
    () => {
      fc.assert(
        fc.property(withTime, ([ledger, at]) => {
          const b = computeBalance(ledger.entries, at);
          checkInvariants(b);
          if (b.overdraft === 0) expect(b.granted - b.consumed - b.expired).toBe(b.remaining);
          // Against the raw data: the balance is the sum of what happened, less what lapsed.
          expect(b.total).toBe(sumAmounts(ledger.entries, at) - b.expired);
          expect(b.granted - b.consumed).toBe(sumAmounts(ledger.entries, at));
          if (b.anomalies.length === 0 && b.lots.every((l) => l.source !== 'refund')) {
            const applied = ledger.entries.filter((e) => e.occurredAt <= at);
            const credits = applied.reduce(
              (s, e) => s + (e.kind === 'grant' || (e.kind === 'adjustment' && e.amount > 0) ? e.amount : 0),
              0,
            );
            expect(b.granted).toBe(credits);
          }
        }),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'duplicate ids never double-count, whatever copies arrive',
    () => {
      fc.assert(
        fc.property(withTime, fc.array(fc.nat(), { maxLength: 20 }), ([ledger, at], picks) => {
          const entries = ledger.entries;
          fc.pre(entries.length > 0);
          const copies = picks.map((p, i) => {
            const original = entries[p % entries.length]!;
            return i % 3 === 0 ? original : recopy(original, `m${i}`);
          });
          const base = computeBalance(entries, at);
          const doubled = computeBalance([...copies, ...entries], at);
          expect(doubled.duplicates).toBe(copies.length);
          expect({ ...doubled, duplicates: 0 }).toEqual(base);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'conflicting copies are reported, never merged, and the choice does not depend on order',
    () => {
      fc.assert(
        fc.property(
          withTime,
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: -3, max: 3 })), { minLength: 1, maxLength: 6 }),
          ([ledger, at], picks) => {
            const entries = ledger.entries;
            fc.pre(entries.length > 0);
            const variants = picks.map(([p, shift]) =>
              variant(entries[p % entries.length]!, shift === 0 ? 1 : shift),
            );
            const one = computeBalance([...entries, ...variants], at);
            const two = computeBalance([...variants.slice().reverse(), ...entries.slice().reverse()], at);
            expect(two).toEqual(one);
            const distinctIds = new Set(entries.map((e) => e.id)).size;
            expect(one.duplicates).toBe(entries.length + variants.length - distinctIds);
            for (const c of one.conflicts)
              expect(c.kept.occurredAt).toBeLessThanOrEqual(c.dropped.occurredAt);
            expect(one.conflicts.length).toBeGreaterThan(0);
          },
        ),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'balances through snapshots equal a full replay, as entries keep arriving in any order',
    () => {
      fc.assert(
        fc.property(
          ledgerArb(80).chain((ledger) =>
            fc.tuple(
              fc.constant(ledger),
              fc.shuffledSubarray(ledger.entries, { minLength: ledger.entries.length }),
              fc.array(fc.tuple(fc.nat(), timeIn(ledger)), { minLength: 1, maxLength: 6 }),
            ),
          ),
          ([ledger, arrival, steps]) => {
            const book = new LedgerBook({ anchorDay: ledger.anchorDay });
            let added = 0;
            for (const [take, at] of steps) {
              const batch = arrival.slice(added, added + 1 + (take % Math.ceil(arrival.length / 2)));
              added += batch.length;
              book.add(batch);
              const sofar = arrival.slice(0, added);
              // A query at the end takes snapshots of every cycle, which later batches must invalidate.
              for (const t of [at, ledger.to + 1]) {
                expect(book.balanceAt(t)).toEqual(computeBalance(sofar, t, { anchorDay: ledger.anchorDay }));
              }
              expect(book.size).toBe(new Set(sofar.map((e) => e.id)).size);
            }
            book.add(arrival.slice(added));
            for (const [, at] of steps) {
              expect(book.balanceAt(at)).toEqual(
                computeBalance(arrival, at, { anchorDay: ledger.anchorDay }),
              );
            }
          },
        ),
        { numRuns: PROPERTY_RUNS * 2 },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'snapshots stay equal to a full replay with duplicates and conflicts in the stream',
    () => {
      fc.assert(
        fc.property(
          withTime,
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: -2, max: 2 })), { maxLength: 6 }),
          ([ledger, at], picks) => {
            const entries = ledger.entries;
            fc.pre(entries.length > 0);
            const extra = picks.map(([p, shift], i) =>
              shift === 0
                ? recopy(entries[p % entries.length]!, i % 2 === 0 ? `a${i}` : `x${i}`)
                : variant(entries[p % entries.length]!, shift),
            );
            const book = new LedgerBook({ anchorDay: ledger.anchorDay });
            book.add(entries);
            book.balanceAt(ledger.to + 1);
            book.add(extra);
            expect(book.balanceAt(at)).toEqual(
              computeBalance([...entries, ...extra], at, { anchorDay: ledger.anchorDay }),
            );
          },
        ),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );
});
