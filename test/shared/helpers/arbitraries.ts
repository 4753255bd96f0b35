import fc from 'fast-check';
import { cycleFor, cyclesBetween, type LedgerEntry, type UsageEntry } from '../../../src-shared/ledger';
import { adjustment, bundle, DAY, manual, monthly, referral, reversal, usage } from './entries';

export interface GeneratedLedger {
  anchorDay: number;
  from: number;
  to: number;
  entries: LedgerEntry[];
}

/** One fact drawn before ids and times are settled. */
type Draft =
  | { type: 'bundle' | 'usage'; amount: number; slot: number }
  | { type: 'referral' | 'manual'; amount: number; slot: number; expiresAfter: number | null }
  | { type: 'adjustment'; amount: number; slot: number }
  | { type: 'reversal'; of: number; delay: number; part: number }
  | { type: 'orphan'; amount: number; slot: number };

const amount = fc.integer({ min: 0, max: 6_000 });
const draft: fc.Arbitrary<Draft> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ type: fc.constant('usage' as const), amount, slot: fc.nat(400) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('bundle' as const),
      amount: fc.integer({ min: 1, max: 20_000 }),
      slot: fc.nat(400),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constantFrom('referral' as const, 'manual' as const),
      amount: fc.integer({ min: 1, max: 8_000 }),
      slot: fc.nat(400),
      expiresAfter: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('adjustment' as const),
      amount: fc.integer({ min: -5_000, max: 5_000 }).filter((n) => n !== 0),
      slot: fc.nat(400),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('reversal' as const),
      of: fc.nat(),
      // In quarter days: mostly soon after the usage, sometimes a cycle or two later.
      delay: fc.oneof(fc.nat(20), fc.nat(240)),
      part: fc.integer({ min: 1, max: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('orphan' as const),
      amount: fc.integer({ min: 1, max: 3_000 }),
      slot: fc.nat(400),
    }),
  },
);

/**
 * A ledger over a few billing cycles: a monthly grant per cycle, then bundles, referrals and manual
 * grants (some expiring), usage, reversals (full, partial, excessive, orphaned), adjustments.
 * Times are drawn from a coarse grid so many entries share an occurredAt and ids decide the order.
 */
export const ledgerArb = (maxFacts = 60): fc.Arbitrary<GeneratedLedger> =>
  fc
    .record({
      anchorDay: fc.integer({ min: 1, max: 31 }),
      start: fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2026, 0, 1) }),
      cycles: fc.integer({ min: 1, max: 4 }),
      monthlyAmount: fc.integer({ min: 0, max: 30_000 }),
      drafts: fc.array(draft, { maxLength: maxFacts }),
    })
    .map(({ anchorDay, start, cycles, monthlyAmount, drafts }) => {
      const first = cycleFor(anchorDay, start);
      const span = cyclesBetween(anchorDay, first.start, first.start + (cycles - 1) * 31 * DAY + 1).slice(
        0,
        cycles,
      );
      const from = span[0]!.start;
      const to = span[span.length - 1]!.end;
      const grid = (slot: number) => from + Math.floor(((to - from) * slot) / 401 / (DAY / 4)) * (DAY / 4);
      const entries: LedgerEntry[] = [];
      if (monthlyAmount > 0) for (const c of span) entries.push(monthly(monthlyAmount, c.start, c.end));
      const usages: UsageEntry[] = [];
      const reversed = new Set<string>();
      drafts.forEach((d, i) => {
        switch (d.type) {
          case 'usage': {
            const u = usage(d.amount, grid(d.slot), `u${i}`);
            usages.push(u);
            entries.push(u);
            break;
          }
          case 'bundle':
            entries.push(bundle(d.amount, grid(d.slot), `b${i}`));
            break;
          case 'referral':
          case 'manual': {
            const at = grid(d.slot);
            const expires = d.expiresAfter === null ? null : at + d.expiresAfter * DAY;
            entries.push(
              d.type === 'referral'
                ? referral(d.amount, at, `r${i}`, expires)
                : manual(d.amount, at, `m${i}`, expires),
            );
            break;
          }
          case 'adjustment':
            entries.push(adjustment(d.amount, grid(d.slot), `a${i}`));
            break;
          case 'reversal': {
            const target = usages[d.of % Math.max(1, usages.length)];
            if (!target || reversed.has(target.id)) break;
            reversed.add(target.id);
            const gross = -target.amount;
            // part 1: partial, 2–3: full, 4: more than the usage (bad data that must still count).
            const back = d.part === 1 ? Math.floor(gross / 2) : d.part === 4 ? gross + 500 : gross;
            entries.push(reversal(target, target.occurredAt + d.delay * (DAY / 4), back));
            break;
          }
          case 'orphan':
            entries.push(reversal(usage(d.amount, grid(d.slot), `missing${i}`), grid(d.slot)));
            break;
        }
      });
      return { anchorDay, from, to, entries };
    });

/** A time inside (or just around) the generated ledger's span. */
export const timeIn = (ledger: GeneratedLedger) =>
  fc.integer({ min: ledger.from - DAY, max: ledger.to + 40 * DAY });

/**
 * Re-recorded copies: the same fact from another machine. Machine names sort before or after the
 * original's ("test"), so copies are sometimes the earlier recording and sometimes the later one.
 */
export function recopy(entry: LedgerEntry, machine: string): LedgerEntry {
  return { ...entry, machineId: machine };
}

/** The same id with a different fact: what a conflicting import or buggy client would send. */
export function variant(entry: LedgerEntry, shift: number): LedgerEntry {
  return { ...entry, occurredAt: entry.occurredAt + shift } as LedgerEntry;
}
