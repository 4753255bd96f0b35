import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LedgerQuery } from '../../src-main/core/ledger/ledger-query';
import { arrayList, compareEntries, type LedgerEntry } from '../../src-shared/ledger';
import type { LedgerFilter } from '../../src-shared/api/ledger';

const KINDS = ['ai_label', 'ai_reply', 'document'] as const;

/** A small ledger of usage, grants and adjustments from two machines, in replay order. */
function ledger(n: number, seed: number): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  for (let i = 0; i < n; i++) {
    const at = 1_000 + ((i * 7919 + seed) % 50) * 10;
    const machineId = i % 3 === 0 ? 'm-a' : 'm-b';
    const base = { id: `e${(i * 31 + seed) % 1000}-${i}`, occurredAt: at, recordedAt: at, machineId };
    if (i % 5 === 0)
      out.push({ ...base, kind: 'grant', bucket: 'manual', amount: 1000, reason: 'r', expiresAt: null });
    else if (i % 7 === 0) out.push({ ...base, kind: 'adjustment', amount: -500, reason: 'r' });
    else {
      const kind = KINDS[i % 3]!;
      const action =
        kind === 'ai_label'
          ? { kind, labelCount: 20 }
          : kind === 'document'
            ? { kind, chars: 100 }
            : { kind, autoDraftAll: false };
      out.push({
        ...base,
        kind: 'usage',
        amount: -1000,
        action,
        actionKind: kind,
        ruleId: 'x',
        rateCardVersion: 'v',
        explanation: 'x',
        sourceEventId: base.id,
        source: 'app',
      });
    }
  }
  return out.sort(compareEntries);
}

/** The obvious implementation the query must agree with. */
function naive(entries: LedgerEntry[], f: LedgerFilter, sort: 'newest' | 'oldest'): LedgerEntry[] {
  const kept = entries.filter(
    (e) =>
      (!f.kinds?.length || f.kinds.includes(e.kind)) &&
      (!f.actionKinds?.length || (e.kind === 'usage' && f.actionKinds.includes(e.actionKind))) &&
      (!f.buckets?.length || (e.kind === 'grant' && f.buckets.includes(e.bucket))) &&
      (!f.machineIds?.length || f.machineIds.includes(e.machineId)) &&
      (f.from === undefined || e.occurredAt >= f.from) &&
      (f.to === undefined || e.occurredAt < f.to),
  );
  return sort === 'oldest' ? kept : kept.reverse();
}

const filterArb: fc.Arbitrary<LedgerFilter> = fc.record(
  {
    kinds: fc.subarray(['grant', 'usage', 'adjustment', 'reversal'] as const),
    actionKinds: fc.subarray([...KINDS]),
    buckets: fc.subarray(['manual', 'bundle'] as const),
    machineIds: fc.subarray(['m-a', 'm-b', 'm-c']),
    from: fc.integer({ min: 900, max: 1600 }),
    to: fc.integer({ min: 900, max: 1600 }),
  },
  { requiredKeys: [] },
);

describe('LedgerQuery', () => {
  it('pages by offset exactly like filtering and sorting the whole ledger', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 99 }),
        filterArb,
        fc.constantFrom('newest' as const, 'oldest' as const),
        fc.integer({ min: 0, max: 320 }),
        fc.integer({ min: 1, max: 60 }),
        (n, seed, filter, sort, offset, limit) => {
          const entries = ledger(n, seed);
          const expected = naive(entries, filter, sort);
          const page = new LedgerQuery().page(arrayList(entries), filter, sort, offset, limit);
          expect(page.total).toBe(expected.length);
          expect(page.entries.map((e) => e.id)).toEqual(
            expected.slice(offset, offset + limit).map((e) => e.id),
          );
        },
      ),
    );
  });

  it('reuses the matches of a filter until invalidated, then sees new entries', () => {
    const entries = ledger(100, 1);
    const list = arrayList(entries);
    const query = new LedgerQuery();
    const filter: LedgerFilter = { kinds: ['usage'] };
    const before = query.page(list, filter, 'oldest', 0, 1000).total;
    entries.push({
      ...(entries.find((e) => e.kind === 'usage') as LedgerEntry),
      id: 'zz-new',
      occurredAt: 99_999,
    });
    expect(query.page(list, filter, 'oldest', 0, 1000).total).toBe(before);
    query.invalidate();
    const after = query.page(list, filter, 'newest', 0, 1);
    expect(after.total).toBe(before + 1);
    expect(after.entries[0]!.id).toBe('zz-new');
  });
});
