import type {
  AdjustmentEntry,
  BundleGrant,
  LedgerEntry,
  ManualGrant,
  MonthlyGrant,
  ReferralGrant,
  ReversalEntry,
  UsageEntry,
} from '../../../src-shared/ledger';
import { ledgerEntrySchema } from '../../../src-shared/ledger';

/** Small factories for valid ledger entries; every one is checked against the real schema. */

export const DAY = 86_400_000;
const provenance = { recordedAt: 0, machineId: 'test' };

function valid<T extends LedgerEntry>(entry: T): T {
  ledgerEntrySchema.parse(entry);
  return entry;
}

export function monthly(
  amount: number,
  start: number,
  end: number,
  id = `grant:monthly:${start}`,
): MonthlyGrant {
  return valid({
    ...provenance,
    id,
    kind: 'grant',
    bucket: 'monthly',
    amount,
    tierId: 'starter',
    cycleStart: start,
    expiresAt: end,
    occurredAt: start,
  });
}

export function bundle(amount: number, at: number, purchaseId = `p${at}`): BundleGrant {
  return valid({
    ...provenance,
    id: `grant:bundle:${purchaseId}`,
    kind: 'grant',
    bucket: 'bundle',
    amount,
    bundleId: 'b1k',
    purchaseId,
    priceMinor: 1000,
    currency: 'USD',
    quantity: 1,
    expiresAt: null,
    occurredAt: at,
  });
}

export function referral(
  amount: number,
  at: number,
  referralId = `r${at}`,
  expiresAt: number | null = null,
): ReferralGrant {
  return valid({
    ...provenance,
    id: `grant:referral:${referralId}`,
    kind: 'grant',
    bucket: 'referral',
    amount,
    referralId,
    expiresAt,
    occurredAt: at,
  });
}

export function manual(
  amount: number,
  at: number,
  key = `m${at}`,
  expiresAt: number | null = null,
): ManualGrant {
  return valid({
    ...provenance,
    id: `grant:manual:${key}`,
    kind: 'grant',
    bucket: 'manual',
    amount,
    reason: 'migration help',
    expiresAt,
    occurredAt: at,
  });
}

export function usage(amount: number, at: number, eventId = `e${at}`): UsageEntry {
  return valid({
    ...provenance,
    id: `usage:${eventId}`,
    kind: 'usage',
    amount: -amount,
    action: { kind: 'kb_article', count: 1 },
    actionKind: 'kb_article',
    ruleId: 'kb_article:per_article',
    rateCardVersion: 'default-1',
    explanation: '',
    sourceEventId: eventId,
    source: 'app',
    occurredAt: at,
  });
}

export function reversal(of: UsageEntry, at: number, amount = -of.amount): ReversalEntry {
  return valid({
    ...provenance,
    id: `reversal:${of.id}`,
    kind: 'reversal',
    amount,
    usageId: of.id,
    reason: 'failed action',
    occurredAt: at,
  });
}

/** A partial refund of `of`, id `reversal:<usageId>:part:<requestId>` (requestId a uuid). */
export function partialReversal(
  of: UsageEntry,
  at: number,
  amount: number,
  requestId: string,
  reason = 'partly failed',
): ReversalEntry {
  return valid({
    ...provenance,
    id: `reversal:${of.id}:part:${requestId}`,
    kind: 'reversal',
    amount,
    usageId: of.id,
    reason,
    occurredAt: at,
  });
}

export function adjustment(amount: number, at: number, key = `a${at}`): AdjustmentEntry {
  return valid({
    ...provenance,
    id: `adjustment:${key}`,
    kind: 'adjustment',
    amount,
    reason: 'correction',
    occurredAt: at,
  });
}
