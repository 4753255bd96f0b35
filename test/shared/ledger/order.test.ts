import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareEntries, prepareEntries, type LedgerEntry } from '../../../src-shared/ledger';
import { sortIntoReplayOrder } from '../../../src-shared/ledger/replay-order';
import { bundle, usage } from '../helpers/entries';
import { recopy } from '../helpers/arbitraries';
import { PROPERTY_RUNS, PROPERTY_TIMEOUT } from '../helpers/runs';

const time = fc.oneof(
  fc.integer({ min: 0, max: 5 }),
  fc.integer({ min: 0, max: 8_640_000_000_000_000 }),
  fc.constantFrom(2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 48, 8_640_000_000_000_000),
);
const entry = fc.tuple(time, fc.constantFrom('a', 'b', 'c', 'aa', 'B'), fc.nat(3)).map(([t, id, n]) =>
  // Same id and time with different machines: equal in replay order, so input order must be kept.
  recopy(usage(1, t, id), `m${n}`),
);

describe('replay order', () => {
  it(
    'the radix sort equals a stable comparison sort on (occurredAt, id)',
    () => {
      fc.assert(
        fc.property(fc.array(entry, { maxLength: 200 }), (entries) => {
          expect(sortIntoReplayOrder(entries)).toEqual([...entries].sort(compareEntries));
        }),
        { numRuns: PROPERTY_RUNS * 3 },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it('prepareEntries sorts only when needed and keeps one entry per id', () => {
    const a = bundle(1, 10);
    const b = usage(1, 20, 'x');
    const sorted = [a, b];
    expect(prepareEntries(sorted).entries).toBe(sorted);
    const prepared = prepareEntries([b, a, b, { ...a, recordedAt: 5 } as LedgerEntry]);
    expect(prepared.entries).toEqual([a, b]);
    expect(prepared.duplicates).toBe(2);
    expect(prepared.conflicts).toEqual([]);
  });
});
