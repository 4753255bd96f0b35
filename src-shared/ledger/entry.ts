import { z } from 'zod';
import { actionSchema, actionKindSchema } from '../pricing/actions';

/**
 * Ledger entries: append-only facts. `amount` is the signed effect on the balance in millicredits
 * (grants and reversals positive, usage negative or zero, adjustments either way), so that the sum
 * of all amounts is the balance before expiry.
 */

export const BUCKETS = ['monthly', 'bundle', 'referral', 'manual'] as const;
export const bucketSchema = z.enum(BUCKETS);
export type Bucket = z.infer<typeof bucketSchema>;

export const ENTRY_KINDS = ['grant', 'usage', 'reversal', 'adjustment'] as const;
export const entryKindSchema = z.enum(ENTRY_KINDS);
export type EntryKind = z.infer<typeof entryKindSchema>;

const millis = z.number().int().min(0).max(8_640_000_000_000_000);
const amount = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
const positive = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const reason = z.string().trim().min(1, 'a reason is required').max(500);
const ref = z.string().min(1).max(200);

/**
 * Provenance: who wrote the entry and when. Excluded from the fact's payload comparison.
 * `tokenId`/`tokenLabel` name the endpoint token that stored it: stamped by the endpoint on
 * arrival (whatever the client sent), absent on entries that have not been synced yet.
 */
const provenance = {
  recordedAt: millis,
  machineId: z.string().min(1).max(64),
  tokenId: z.string().min(1).max(64).optional(),
  tokenLabel: z.string().max(200).optional(),
};

const base = {
  id: z.string().min(1).max(300),
  occurredAt: millis,
  ...provenance,
};

export const monthlyGrantSchema = z.strictObject({
  ...base,
  kind: z.literal('grant'),
  bucket: z.literal('monthly'),
  amount: positive,
  tierId: ref,
  cycleStart: millis,
  /** Monthly credits expire at the end of their cycle (exclusive). */
  expiresAt: millis,
});

export const bundleGrantSchema = z.strictObject({
  ...base,
  kind: z.literal('grant'),
  bucket: z.literal('bundle'),
  amount: positive,
  bundleId: ref,
  purchaseId: ref,
  /** Price paid in minor units of `currency` (cents). */
  priceMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  currency: z.string().length(3),
  quantity: z.number().int().min(1).max(1_000_000),
  expiresAt: z.null(),
});

export const referralGrantSchema = z.strictObject({
  ...base,
  kind: z.literal('grant'),
  bucket: z.literal('referral'),
  amount: positive,
  referralId: ref,
  /** Null unless the rate card gives referral credits an expiry. */
  expiresAt: millis.nullable(),
});

export const manualGrantSchema = z.strictObject({
  ...base,
  kind: z.literal('grant'),
  bucket: z.literal('manual'),
  amount: positive,
  reason,
  expiresAt: millis.nullable(),
});

export const usageEntrySchema = z.strictObject({
  ...base,
  kind: z.literal('usage'),
  amount: z.number().int().max(0).min(-Number.MAX_SAFE_INTEGER),
  action: actionSchema,
  actionKind: actionKindSchema,
  ruleId: ref,
  rateCardVersion: ref,
  explanation: z.string().max(500),
  sourceEventId: ref,
  source: z.enum(['app', 'import', 'helpdesk', 'estimator']),
});

export const reversalEntrySchema = z.strictObject({
  ...base,
  kind: z.literal('reversal'),
  amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  usageId: ref,
  reason,
});

export const adjustmentEntrySchema = z.strictObject({
  ...base,
  kind: z.literal('adjustment'),
  amount: amount.refine((n) => n !== 0, 'an adjustment of zero changes nothing'),
  reason,
  /**
   * Where a negative correction comes out of first (the rest follows the usage order); absent:
   * the usage order, as adjustments recorded before buckets could be picked. A positive one always
   * lands as manual credit.
   */
  bucket: bucketSchema.optional(),
});

export const grantEntrySchema = z.discriminatedUnion('bucket', [
  monthlyGrantSchema,
  bundleGrantSchema,
  referralGrantSchema,
  manualGrantSchema,
]);

export const ledgerEntrySchema = z.union([
  grantEntrySchema,
  usageEntrySchema,
  reversalEntrySchema,
  adjustmentEntrySchema,
]);

export type MonthlyGrant = z.infer<typeof monthlyGrantSchema>;
export type BundleGrant = z.infer<typeof bundleGrantSchema>;
export type ReferralGrant = z.infer<typeof referralGrantSchema>;
export type ManualGrant = z.infer<typeof manualGrantSchema>;
export type GrantEntry = z.infer<typeof grantEntrySchema>;
export type UsageEntry = z.infer<typeof usageEntrySchema>;
export type ReversalEntry = z.infer<typeof reversalEntrySchema>;
export type AdjustmentEntry = z.infer<typeof adjustmentEntrySchema>;
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

/** Fields that say who recorded a fact, not what the fact is. */
export const PROVENANCE_FIELDS = ['recordedAt', 'machineId', 'tokenId', 'tokenLabel'] as const;

/** The fields only the endpoint may set (see provenance above). */
export const ENDPOINT_STAMP_FIELDS = ['tokenId', 'tokenLabel'] as const;
