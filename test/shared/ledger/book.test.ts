import { describe, expect, it } from 'vitest';
import { computeBalance, cycleFor, LedgerBook, LedgerError, listEntries } from '../../../src-shared/ledger';
import { bundle, DAY, monthly, reversal, usage } from '../helpers/entries';

const ANCHOR = 10;
const c1 = cycleFor(ANCHOR, Date.UTC(2025, 0, 10));
const c2 = cycleFor(ANCHOR, c1.end);
const c3 = cycleFor(ANCHOR, c2.end);
const full = (entries: Parameters<typeof computeBalance>[0], at: number) =>
  computeBalance(entries, at, { anchorDay: ANCHOR });

describe('LedgerBook', () => {
  it('takes a snapshot at each cycle start it replays past and reuses them', () => {
    const entries = [
      monthly(10_000, c1.start, c1.end),
      usage(3_000, c1.start + DAY),
      monthly(10_000, c2.start, c2.end),
      usage(1_000, c3.start),
    ];
    const book = new LedgerBook({ anchorDay: ANCHOR });
    book.add(entries);
    expect(book.balanceAt(c3.start + DAY)).toEqual(full(entries, c3.start + DAY));
    expect(book.snapshotBoundaries()).toEqual([c2.start, c3.start]);
    expect(book.balanceAt(c1.start + 2 * DAY)).toEqual(full(entries, c1.start + 2 * DAY));
  });

  it('swaps in another copy of the same fact without touching snapshots; refuses other facts', () => {
    const grant = monthly(10_000, c1.start, c1.end);
    const entries = [grant, usage(3_000, c1.start + DAY), monthly(10_000, c2.start, c2.end)];
    const book = new LedgerBook({ anchorDay: ANCHOR });
    book.add(entries);
    const before = book.balanceAt(c2.start + DAY);
    const snapshots = book.snapshotBoundaries();
    const teams = { ...grant, machineId: 'other-machine', recordedAt: 5 };
    expect(book.swapCopy(teams)).toBe(true);
    expect(listEntries(book.entries())).toContain(teams);
    expect(listEntries(book.entries())).not.toContain(grant);
    expect(book.size).toBe(3);
    expect(book.snapshotBoundaries()).toEqual(snapshots);
    expect(book.balanceAt(c2.start + DAY)).toEqual(before);
    // A different fact, or an id the book does not hold, is not a swap: the caller rebuilds.
    expect(book.swapCopy({ ...teams, amount: 9_000 })).toBe(false);
    expect(book.swapCopy(monthly(10_000, c3.start, c3.end))).toBe(false);
    expect(listEntries(book.entries())).toContain(teams);
  });

  it('swaps in the endpoint-stamped copy of every entry of a shuffled ledger, each found where it sits', () => {
    const entries = Array.from({ length: 2000 }, (_, i) =>
      usage(1000, c1.start + ((i * 7919) % 2000) * 1000, `e${i}`),
    );
    const book = new LedgerBook({ anchorDay: ANCHOR });
    book.add(entries);
    const before = book.balanceAt(c2.start);
    for (const entry of entries) {
      expect(book.swapCopy({ ...entry, tokenId: 'tok123456789', tokenLabel: 'laptop' })).toBe(true);
    }
    expect(listEntries(book.entries()).every((e) => e.tokenId === 'tok123456789')).toBe(true);
    expect(book.size).toBe(2000);
    expect(book.balanceAt(c2.start)).toEqual(before);
  });

  it('drops snapshots that a late entry falls before', () => {
    const book = new LedgerBook({ anchorDay: ANCHOR });
    const entries = [
      monthly(10_000, c1.start, c1.end),
      monthly(10_000, c2.start, c2.end),
      bundle(1_000, c1.start),
      usage(500, c3.start),
    ];
    book.add(entries);
    book.balanceAt(c3.start);
    expect(book.snapshotBoundaries()).toEqual([c2.start, c3.start]);
    const late = usage(4_000, c1.start + 5 * DAY);
    book.add([late]);
    expect(book.snapshotBoundaries()).toEqual([]);
    expect(book.balanceAt(c3.start)).toEqual(full([...entries, late], c3.start));
  });

  it('replays again when a new reversal refers to a usage inside a snapshot', () => {
    const u = usage(4_000, c1.start + DAY);
    const entries = [monthly(10_000, c1.start, c1.end), bundle(5_000, c1.start), u];
    const book = new LedgerBook({ anchorDay: ANCHOR });
    book.add(entries);
    book.balanceAt(c2.start + DAY);
    // Refunded in the next cycle: the credits go back to the monthly lot, which has expired.
    const r = reversal(u, c2.start + 2 * DAY);
    book.add([r]);
    const b = book.balanceAt(c2.start + 3 * DAY);
    expect(b).toEqual(full([...entries, r], c2.start + 3 * DAY));
    expect(b.anomalies).toEqual([]);
    expect(b.buckets.manual.remaining).toBe(0);
  });

  it('counts duplicates, reports conflicts and swaps in a winning variant', () => {
    const first = usage(1_000, c1.start + DAY, 'evt');
    const earlier = usage(2_000, c1.start + 1, 'evt');
    const book = new LedgerBook({ anchorDay: ANCHOR });
    expect(book.add([bundle(9_000, c1.start), first, first])).toEqual({
      added: 2,
      duplicates: 1,
      conflicting: 0,
    });
    book.balanceAt(c2.start + 1);
    expect(book.add([earlier])).toEqual({ added: 0, duplicates: 1, conflicting: 1 });
    const b = book.balanceAt(c2.start + 1);
    expect(b.total).toBe(7_000);
    expect(b.conflicts).toEqual([{ id: 'usage:evt', kept: earlier, dropped: first }]);
    expect(b).toEqual(full([bundle(9_000, c1.start), first, first, earlier], c2.start + 1));
    expect(book.size).toBe(2);
  });

  it('answers for an empty book and checks its arguments', () => {
    const book = new LedgerBook({ anchorDay: 31 });
    expect(book.balanceAt(0).total).toBe(0);
    expect(() => new LedgerBook({ anchorDay: 0 })).toThrow(LedgerError);
    expect(() => book.balanceAt(Number.NaN)).toThrow(LedgerError);
  });
});

describe('LedgerBook snapshots', () => {
  it('answers a far-future query without a snapshot per empty cycle', () => {
    const book = new LedgerBook({ anchorDay: ANCHOR });
    book.add([monthly(10_000, c1.start, c1.end), bundle(1_000, c2.start)]);
    const b = book.balanceAt(Date.UTC(9000, 0, 1));
    expect(b.total).toBe(1_000);
    expect(book.snapshotBoundaries()).toEqual([c2.start]);
  });
});

describe('LedgerBook ordering', () => {
  it('places a few late entries directly and sorts a large unordered batch', () => {
    const entries = Array.from({ length: 300 }, (_, i) => usage(10, c1.start + i * 3_600_000, `u${i}`));
    const grants = [monthly(10_000, c1.start, c1.end), monthly(10_000, c2.start, c2.end)];
    const book = new LedgerBook({ anchorDay: ANCHOR });
    book.add([...grants, ...entries.slice().reverse()]);
    const at = c2.start + DAY;
    expect(book.balanceAt(at)).toEqual(full([...grants, ...entries], at));
    const late = [usage(5, c1.start + 1, 'late1'), usage(5, c1.start + 2, 'late2')];
    book.add(late.slice().reverse());
    expect(
      listEntries(book.entries())
        .slice(0, 4)
        .map((e) => e.id),
    ).toEqual([`grant:monthly:${c1.start}`, 'usage:u0', 'usage:late1', 'usage:late2']);
    expect(book.balanceAt(at)).toEqual(full([...grants, ...entries, ...late], at));
  });
});
