import { z } from 'zod';
import { actionKindSchema, type Action, type ActionKind } from '../pricing/actions';
import { bucketSchema, entryKindSchema, type Bucket, type EntryKind } from '../ledger/entry';
import { usageRequestSchema } from './usage-request';
import { id, method, millis, positiveAmount, reason, requestId } from './method';

/** The ledger: its pages, one entry, the CSV export, and the commands that write entries. */

export const ledgerFilterSchema = z.strictObject({
  kinds: z.array(entryKindSchema).max(4).optional(),
  actionKinds: z.array(actionKindSchema).max(20).optional(),
  buckets: z.array(bucketSchema).max(4).optional(),
  machineIds: z.array(z.string().min(1).max(64)).max(50).optional(),
  from: millis.optional(),
  /** Exclusive. */
  to: millis.optional(),
  /** Free text, case-insensitive: description, reason, entry or event id, machine. */
  search: z.string().trim().max(200).optional(),
});
export type LedgerFilter = z.infer<typeof ledgerFilterSchema>;

const signedAmount = z
  .number()
  .int()
  .min(-Number.MAX_SAFE_INTEGER)
  .max(Number.MAX_SAFE_INTEGER)
  .refine((n) => n !== 0, 'an amount of zero changes nothing');

export interface LedgerRow {
  id: string;
  kind: EntryKind;
  bucket: Bucket | '';
  actionKind: ActionKind | '';
  amount: number;
  occurredAt: number;
  recordedAt: number;
  machineId: string;
  /** The machine's readable name from Settings; absent while nobody has named it. */
  machineName?: string;
  /** The endpoint token that stored the entry (stamped by the endpoint); absent until synced. */
  recordedBy?: { tokenId: string; label: string };
  /** One line for people: "AI reply / draft", "Bundle 10,000 credits ×1", "Referral: Acme". */
  description: string;
  explanation?: string;
  ruleId?: string;
  rateCardVersion?: string;
  action?: Action;
  reason?: string;
  usageId?: string;
  /** For usage rows: the reversal that completed its refund (nothing left to give back), if any. */
  reversedBy?: string | null;
  /** For usage rows: every reversal of it, full or partial, oldest first. */
  refunds?: { id: string; amount: number; occurredAt: number; reason: string }[];
  /** For usage rows: millicredits that may still be given back. */
  refundable?: number;
  source?: string;
  priceMinor?: number;
  currency?: string;
  /** For bundle grants: which bundle and how many of it. */
  bundleId?: string;
  quantity?: number;
}

/** One page of ledger rows as listLedger returns it (the React page is LedgerPage). */
export interface LedgerPageView {
  total: number;
  offset: number;
  rows: LedgerRow[];
  /** Credits in and out over every entry the filter matches; null until the ledger is loaded. */
  totals?: LedgerTotals | null;
}

export interface LedgerTotals {
  /** Sum of the positive amounts (grants, reversals, positive adjustments), millicredits. */
  inMillicredits: number;
  /** Sum of the negative amounts as a negative number, millicredits. */
  outMillicredits: number;
}

export interface LedgerCsvChunk {
  csv: string;
  rows: number;
  /** Pass back to get the next chunk; null when done. */
  nextCursor: string | null;
  fileName: string;
}

export const ledgerMethods = {
  listLedger: method<LedgerPageView>()(
    z.strictObject({
      filter: ledgerFilterSchema.default({}),
      sort: z.enum(['newest', 'oldest']).default('newest'),
      offset: z.number().int().min(0).max(100_000_000).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
  ),
  getLedgerEntry: method<LedgerRow>()(z.strictObject({ id })),
  exportLedgerCsv: method<LedgerCsvChunk>()(
    z.strictObject({
      filter: ledgerFilterSchema.default({}),
      cursor: z.string().max(400).nullable().default(null),
    }),
  ),
  recordUsage: method<LedgerRow>()(
    z.strictObject({
      action: usageRequestSchema,
      occurredAt: millis.optional(),
      sourceEventId: z.string().min(1).max(200).optional(),
    }),
  ),
  recordReversal: method<LedgerRow>()(
    z.strictObject({
      usageId: id,
      reason,
      /** Millicredits to give back; omitted: all that is still refundable (docs/decisions.md). */
      amount: positiveAmount.optional(),
      requestId,
    }),
  ),
  recordAdjustment: method<LedgerRow>()(
    z.strictObject({
      amount: signedAmount,
      reason,
      requestId,
      /** The bucket a negative correction comes out of first; default manual (docs/decisions.md). */
      bucket: bucketSchema.optional(),
    }),
  ),
  grantManual: method<LedgerRow>()(z.strictObject({ amount: positiveAmount, reason, requestId })),
} as const;
export type LedgerMethods = typeof ledgerMethods;

export interface LedgerEvents {
  ledgerChanged: { entries: number; latestIds: string[] };
}
