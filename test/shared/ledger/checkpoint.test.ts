import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CheckpointError,
  CheckpointView,
  computeBalance,
  createCheckpoint,
  cycleFor,
  forecast,
  LedgerBook,
  parseCheckpoint,
  type BalanceCheckpoint,
  type LedgerEntry,
} from '../../../src-shared/ledger';
import { ledgerArb, recopy, timeIn, variant, type GeneratedLedger } from '../helpers/arbitraries';
import { bundle, DAY, monthly, reversal, usage } from '../helpers/entries';
import { PROPERTY_RUNS, PROPERTY_TIMEOUT } from '../helpers/runs';

/** What a file round trip does to a checkpoint: JSON out, JSON in, checked again. */
const roundTrip = (cp: BalanceCheckpoint): BalanceCheckpoint =>
  parseCheckpoint(JSON.parse(JSON.stringify(cp)));

const uniqueCount = (entries: readonly LedgerEntry[]) => new Set(entries.map((e) => e.id)).size;

/**
 * A cut on an entry's time (entries at the cut belong to the tail), often on a reversal's (so the
 * reversal lands in the tail and its usage before the cut), or anywhere around the ledger.
 */
const cutIn = (ledger: GeneratedLedger) => {
  const times = (entries: readonly LedgerEntry[]) =>
    entries.length > 0 ? [fc.constantFrom(...entries.map((e) => e.occurredAt))] : [];
  return fc.oneof(
    ...times(ledger.entries),
    ...times(ledger.entries.filter((e) => e.kind === 'reversal')),
    timeIn(ledger),
  );
};

interface Scenario {
  ledger: GeneratedLedger;
  cut: number;
  /** Which tail entries the book already held when the checkpoint was written. */
  written: boolean[];
  arrival: number[];
  offsets: number[];
  warm: number | null;
}

const scenario: fc.Arbitrary<Scenario> = ledgerArb(70).chain((ledger) =>
  fc.record({
    ledger: fc.constant(ledger),
    cut: cutIn(ledger),
    written: fc.array(fc.boolean(), { minLength: ledger.entries.length, maxLength: ledger.entries.length }),
    arrival: fc.array(fc.nat(), { minLength: ledger.entries.length, maxLength: ledger.entries.length }),
    offsets: fc.array(fc.oneof(fc.constant(0), fc.nat(5 * DAY), fc.nat(80 * DAY)), {
      minLength: 1,
      maxLength: 4,
    }),
    warm: fc.option(timeIn(ledger), { nil: null }),
  }),
);

function split(s: Scenario) {
  const before = s.ledger.entries.filter((e) => e.occurredAt < s.cut);
  const tail = s.ledger.entries.filter((e) => e.occurredAt >= s.cut);
  const writtenTail = tail.filter((_e, i) => s.written[i]);
  const arrival = tail
    .map((entry, i) => ({ entry, key: s.arrival[i]! }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.entry);
  return { before, tail, writtenTail, arrival };
}

function checkpointOf(entries: readonly LedgerEntry[], anchorDay: number, cut: number, warm: number | null) {
  const book = new LedgerBook({ anchorDay });
  book.add(entries);
  // A query first leaves snapshots behind, which stateBefore resumes from.
  if (warm !== null) book.balanceAt(warm);
  return roundTrip(createCheckpoint(book, cut));
}

describe('balance checkpoints', () => {
  it(
    'checkpoint + tail equals a full replay, and declines only when a reversal’s usage may predate the cut',
    () => {
      fc.assert(
        fc.property(scenario, (s) => {
          const { anchorDay, entries } = s.ledger;
          const { before, tail, writtenTail, arrival } = split(s);
          const cp = checkpointOf([...before, ...writtenTail], anchorDay, s.cut, s.warm);
          expect(cp.entriesBefore).toBe(uniqueCount(before));

          const view = new CheckpointView(cp, anchorDay);
          const half = arrival.length >> 1;
          view.add(arrival.slice(0, half));
          view.add(arrival.slice(half));
          expect(view.size).toBe(uniqueCount(entries));
          expect(view.stale).toBeNull();

          const known = new Set(
            [...before, ...writtenTail].flatMap((e) => (e.kind === 'reversal' ? [e.usageId] : [])),
          );
          const tailIds = new Set(tail.map((e) => e.id));
          const unresolved = tail.some(
            (e) => e.kind === 'reversal' && !known.has(e.usageId) && !tailIds.has(e.usageId),
          );
          for (const offset of s.offsets) {
            const at = s.cut + offset;
            const fast = view.balanceAt(at);
            if (unresolved) {
              expect(fast).toBeNull();
              continue;
            }
            const full = computeBalance(entries, at, { anchorDay });
            expect(fast).toEqual(full);
            const options = { anchorDay, monthlyMillicredits: 10_000 };
            expect(view.forecast(fast!, options)).toEqual(forecast(entries, full, options));
          }
          expect(view.balanceAt(s.cut - 1)).toBeNull();
        }),
        { numRuns: PROPERTY_RUNS * 2 },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'an entry before the cut that the checkpoint lacks stops the view for good, and changes the count',
    () => {
      fc.assert(
        fc.property(scenario, fc.nat(), (s, pick) => {
          const { anchorDay } = s.ledger;
          const { before, arrival } = split(s);
          fc.pre(before.length > 0);
          const late = before[pick % before.length]!;
          const cp = checkpointOf(
            before.filter((e) => e !== late),
            anchorDay,
            s.cut,
            s.warm,
          );
          // The store-side check: one entry more before the cut than the checkpoint counted.
          expect(cp.entriesBefore).toBe(uniqueCount(before) - 1);
          const view = new CheckpointView(cp, anchorDay);
          view.add(arrival);
          view.add([late]);
          expect(view.stale).toMatch(/before the checkpoint's cut/);
          for (const offset of s.offsets) expect(view.balanceAt(s.cut + offset)).toBeNull();
          view.add(arrival);
          expect(view.balanceAt(s.cut)).toBeNull();
        }),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'copies: identical ones count as duplicates, copies from before the cut and different facts stop the view',
    () => {
      fc.assert(
        fc.property(
          scenario,
          fc.array(fc.tuple(fc.nat(), fc.constantFrom('same', 'variant')), { minLength: 1, maxLength: 5 }),
          (s, picks) => {
            const { anchorDay, entries } = s.ledger;
            fc.pre(entries.length > 0);
            const { before, tail } = split(s);
            const cp = checkpointOf(before, anchorDay, s.cut, s.warm);
            const copies = picks.map(([p, how], i) => {
              const original = entries[p % entries.length]!;
              // Variants move earlier: a later copy of an entry from before the cut could land in the
              // tail under an id the view cannot know, which only a store keyed by id rules out.
              return how === 'same' ? recopy(original, `m${i}`) : variant(original, -1 - (i % 3));
            });
            const view = new CheckpointView(cp, anchorDay);
            view.add(tail);
            view.add(copies);
            const at = s.cut + s.offsets[0]!;
            const fast = view.balanceAt(at);
            const harmless = copies.every((c) => c.occurredAt >= s.cut && c.machineId !== 'test');
            const tailIds = new Set(tail.map((e) => e.id));
            const onlyTail = copies.every((c) => tailIds.has(c.id));
            if (fast === null) {
              // Declined: a copy was before the cut, a different fact, or a reversal is unresolved.
              expect(harmless && onlyTail && view.stale === null && view.whyNot(at) === null).toBe(false);
              return;
            }
            expect(harmless && onlyTail).toBe(true);
            expect(fast).toEqual(computeBalance([...entries, ...copies], at, { anchorDay }));
          },
        ),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('balance checkpoint cases', () => {
  const anchorDay = 1;
  const nov = cycleFor(anchorDay, Date.UTC(2026, 10, 15));
  const oct = cycleFor(anchorDay, Date.UTC(2026, 9, 15));
  const old = usage(4000, oct.start + 3 * DAY, 'old');
  const ledger = [
    monthly(10_000, oct.start, oct.end),
    old,
    bundle(20_000, oct.start + 5 * DAY, 'p1'),
    monthly(10_000, nov.start, nov.end),
    usage(3000, nov.start + DAY, 'new'),
  ];
  const book = new LedgerBook({ anchorDay });
  book.add(ledger);
  const cp = roundTrip(createCheckpoint(book, nov.start));
  const at = nov.start + 2 * DAY;

  it('answers from the cut on, and equals a full replay', () => {
    const view = new CheckpointView(cp, anchorDay);
    view.add(ledger.filter((e) => e.occurredAt >= nov.start));
    expect(view.balanceAt(at)).toEqual(computeBalance(ledger, at, { anchorDay }));
    expect(view.balanceAt(nov.start - 1)).toBeNull();
    expect(view.whyNot(nov.start - 1)).toMatch(/before the checkpoint/);
  });

  it('declines a reversal of a usage from before the cut that it kept no record of', () => {
    const view = new CheckpointView(cp, anchorDay);
    view.add(ledger.filter((e) => e.occurredAt >= nov.start));
    const refund = reversal(old, nov.start + DAY);
    view.add([refund]);
    expect(view.balanceAt(at)).toBeNull();
    expect(view.whyNot(at)).toMatch(/reversal refers to usage:old/);
    // Written after the reversal, the checkpoint knows the usage and keeps what it consumed.
    const later = new LedgerBook({ anchorDay });
    later.add([...ledger, refund]);
    const view2 = new CheckpointView(roundTrip(createCheckpoint(later, nov.start)), anchorDay);
    view2.add([...ledger, refund].filter((e) => e.occurredAt >= nov.start));
    const full = computeBalance([...ledger, refund], at, { anchorDay });
    expect(view2.balanceAt(at)).toEqual(full);
    expect(full.anomalies).toEqual([]);
  });

  it('a reversal whose usage is in the tail needs nothing from the checkpoint', () => {
    const view = new CheckpointView(cp, anchorDay);
    const fresh = usage(2000, nov.start + DAY, 'fresh');
    const refund = reversal(fresh, nov.start + DAY + 1);
    view.add([refund]);
    expect(view.balanceAt(at)).toBeNull();
    view.add([...ledger.filter((e) => e.occurredAt >= nov.start), fresh]);
    const all = [...ledger, fresh, refund];
    expect(view.balanceAt(at)).toEqual(computeBalance(all, at, { anchorDay }));
  });

  it('refuses a checkpoint written under another anchor day', () => {
    expect(() => new CheckpointView(cp, 15)).toThrow(CheckpointError);
    expect(() => new CheckpointView(cp, 15)).toThrow(/anchor day 1, not 15/);
  });

  it('rejects malformed and inconsistent checkpoints', () => {
    const json = JSON.parse(JSON.stringify(cp)) as Record<string, unknown> & {
      cut: number;
      state: { lots: Record<string, unknown>[]; records: unknown[]; applied: number };
      window: { times: number[] };
    };
    const broken = (change: (copy: typeof json) => void) => {
      const copy = structuredClone(json);
      change(copy);
      return () => parseCheckpoint(copy);
    };
    expect(() => parseCheckpoint(null)).toThrow(CheckpointError);
    expect(() => parseCheckpoint('{}')).toThrow(CheckpointError);
    expect(broken((c) => (c.format = 1))).toThrow(/format/);
    expect(broken((c) => (c.extra = 1))).toThrow(CheckpointError);
    expect(broken((c) => (c.state.applied += 1))).toThrow(/every entry before the cut/);
    expect(broken((c) => (c.entriesBefore = 0))).toThrow(/every entry before the cut/);
    expect(broken((c) => (c.state.lots[0]!.remaining = 99_999_999))).toThrow(/more than was granted/);
    expect(broken((c) => (c.state.lots[0]!.amount = 1))).toThrow(CheckpointError);
    expect(broken((c) => (c.state.lots[0]!.closed = false))).toThrow(/open past its expiry/);
    expect(broken((c) => (c.state.lots[1]!.grantedAt = nov.start))).toThrow(/at or after the cut/);
    expect(broken((c) => c.state.lots.push({ ...c.state.lots[1]! }))).toThrow(/two lots/);
    expect(broken((c) => c.state.records.push(['usage:old', [0, 7, 1]]))).toThrow(/no reversal refers/);
    expect(broken((c) => (c.cut += 1))).toThrow(CheckpointError);
    expect(broken((c) => (c.state.lots[0]!.granted = 1.5))).toThrow(CheckpointError);
    // A usage window reaching past the cut is caught when a view decodes it.
    const past = structuredClone(json);
    past.window.times[0] = 40 * DAY;
    expect(() => new CheckpointView(parseCheckpoint(past), anchorDay)).toThrow(/at or after the cut/);
  });

  it('keeps the records a pending reversal needs, pointing at real lots', () => {
    const refund = reversal(old, nov.start + DAY);
    const later = new LedgerBook({ anchorDay });
    later.add([...ledger, refund]);
    const withRecord = createCheckpoint(later, nov.start);
    expect(withRecord.targets).toEqual(['usage:old']);
    expect(withRecord.state.records).toEqual([['usage:old', [0, 0, 4000]]]);
    const bad = structuredClone(withRecord);
    bad.state.records[0]![1][1] = 9;
    expect(() => parseCheckpoint(bad)).toThrow(/missing lot/);
  });
});
