import { describe, expect, it } from 'vitest';
import {
  adjustmentEntrySchema,
  bundleGrantSchema,
  manualGrantSchema,
  monthlyGrantSchema,
  referralGrantSchema,
  reversalEntrySchema,
  usageEntrySchema,
  type LedgerEntry,
} from '../../src-shared/ledger';
import { fromLedgerDoc, toLedgerDoc } from '../../src-shared/db/ledger-doc';
import { trustedEntry } from '../../src-main/core/ledger/trusted-doc';
import { adjustment, bundle, manual, monthly, referral, reversal, usage } from '../shared/helpers/entries';

const at = Date.UTC(2026, 10, 3);
const spent = usage(5000, at, 'evt');
const cases: [LedgerEntry, { shape: Record<string, unknown> }][] = [
  [monthly(1_000_000, Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 1)), monthlyGrantSchema],
  [bundle(50_000, at, 'p1'), bundleGrantSchema],
  [referral(2_000_000, at, 'r1', at + 86_400_000), referralGrantSchema],
  [manual(1000, at, 'm1', null), manualGrantSchema],
  [spent, usageEntrySchema],
  [reversal(spent, at + 1), reversalEntrySchema],
  [adjustment(-300, at, 'a1'), adjustmentEntrySchema],
  [{ ...adjustment(-300, at, 'a2'), bucket: 'bundle' }, adjustmentEntrySchema],
  [
    {
      ...spent,
      id: 'usage:stamped',
      sourceEventId: 'stamped',
      tokenId: 'abc123def456',
      tokenLabel: 'laptop',
    },
    usageEntrySchema,
  ],
];

/** A document as the storage returns it: indexed blanks filled in, RxDB's own fields added. */
const stored = (entry: LedgerEntry): Record<string, unknown> => ({
  ...toLedgerDoc(entry),
  _rev: '1-abc',
  _meta: { lwt: 1 },
  _deleted: false,
  _attachments: {},
});

describe('trustedEntry', () => {
  it.each(cases)(
    'rebuilds a stored %s exactly as the schema parse does, with the schema’s fields',
    (entry, schema) => {
      const fast = trustedEntry(stored(entry));
      expect(fast).toEqual(fromLedgerDoc(stored(entry)));
      expect(fast).toEqual(entry);
      // A field added to entry.ts must be added to trusted-doc.ts too, or it would vanish on load.
      // Every field is a key (one hidden class per kind); optional ones (an adjustment's bucket, the
      // endpoint's provenance stamp) hold undefined when the entry lacks them.
      expect(Object.keys(fast).sort()).toEqual(Object.keys(schema.shape).sort());
      const fields = Object.keys(schema.shape).filter(
        (k) => k in entry || !(schema.shape[k] as { isOptional(): boolean }).isOptional(),
      );
      const present = Object.keys(fast).filter((k) => (fast as Record<string, unknown>)[k] !== undefined);
      expect(present.sort()).toEqual(fields.sort());
    },
  );

  it('keeps every field of a document of a kind it does not know', () => {
    const odd = { id: 'x', kind: 'future', amount: 1, extra: 'kept', bucket: '', actionKind: '', _rev: '1' };
    expect(trustedEntry(odd)).toEqual({ id: 'x', kind: 'future', amount: 1, extra: 'kept' });
  });
});
