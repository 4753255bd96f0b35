import type { LedgerEntry, ReversalEntry } from '../../../src-shared/ledger/entry';
import { entryIds } from '../../../src-shared/ledger/ids';
import { refundState } from '../../../src-shared/ledger/refunds';
import type { LedgerCollection } from './ledger-collection';
import type { LedgerRow } from '../../../src-shared/api/views';
import { ACTION_LABELS } from '../../../src-shared/pricing/actions';
import { formatCredits } from '../../../src-shared/units';

/** One line a person understands, for the ledger table and the CSV export. */
export function describeEntry(entry: LedgerEntry): string {
  switch (entry.kind) {
    case 'usage':
      return ACTION_LABELS[entry.actionKind];
    case 'reversal':
      return `Reversal of ${entry.usageId}`;
    case 'adjustment':
      return `Adjustment: ${entry.reason}`;
    case 'grant':
      switch (entry.bucket) {
        case 'monthly':
          return `Monthly credits (${entry.tierId})`;
        case 'bundle':
          return `Bundle ${entry.bundleId} ×${entry.quantity}`;
        case 'referral':
          return `Referral award (${formatCredits(entry.amount)} credits)`;
        case 'manual':
          return `Manual grant: ${entry.reason}`;
      }
  }
}

/** "recorded by" for people: the token's label and id, or that it has not reached the endpoint. */
export function recordedBy(entry: LedgerEntry): string {
  if (!entry.tokenId) return '';
  return entry.tokenLabel ? `${entry.tokenLabel} (token ${entry.tokenId})` : `token ${entry.tokenId}`;
}

/** A usage's refunds as a row shows them: each reversal, what they gave back, what is left. */
export interface UsageRefunds {
  reversals: ReversalEntry[];
}

/**
 * The reversals of each usage among `entries`, for rows to list (one read for them all). `mayHave`,
 * when given, rules out usages known to have none, so they are not read.
 */
export async function refundsOf(
  store: Pick<LedgerCollection, 'reversalsOfMany'>,
  entries: readonly LedgerEntry[],
  mayHave: (usageId: string) => boolean = () => true,
): Promise<Map<string, UsageRefunds>> {
  const usageIds = entries.filter((e) => e.kind === 'usage').map((e) => e.id);
  const found = await store.reversalsOfMany(usageIds.filter(mayHave));
  const out = new Map<string, UsageRefunds>();
  for (const id of usageIds) {
    const reversals = (found.get(id) ?? []).filter((r): r is ReversalEntry => r.kind === 'reversal');
    out.set(id, { reversals });
  }
  return out;
}

export function toLedgerRow(
  entry: LedgerEntry,
  refunds?: UsageRefunds,
  machineNames: ReadonlyMap<string, string> = new Map(),
): LedgerRow {
  const row: LedgerRow = {
    id: entry.id,
    kind: entry.kind,
    bucket: entry.kind === 'grant' ? entry.bucket : '',
    actionKind: entry.kind === 'usage' ? entry.actionKind : '',
    amount: entry.amount,
    occurredAt: entry.occurredAt,
    recordedAt: entry.recordedAt,
    machineId: entry.machineId,
    description: describeEntry(entry),
  };
  const machineName = machineNames.get(entry.machineId);
  if (machineName) row.machineName = machineName;
  if (entry.kind === 'usage') {
    const reversals = [...(refunds?.reversals ?? [])].sort(
      (a, b) => a.occurredAt - b.occurredAt || (a.id < b.id ? -1 : 1),
    );
    const state = refundState(entry, reversals);
    Object.assign(row, {
      explanation: entry.explanation,
      ruleId: entry.ruleId,
      rateCardVersion: entry.rateCardVersion,
      action: entry.action,
      source: entry.source,
      // Fully refunded: the reversal that gave back the last of it (the full one when present).
      reversedBy:
        state.took > 0 && state.refundable === 0 && reversals.length > 0
          ? (reversals.find((r) => r.id === entryIds.reversal(entry.id)) ?? reversals.at(-1)!).id
          : null,
      refunds: reversals.map((r) => ({
        id: r.id,
        amount: r.amount,
        occurredAt: r.occurredAt,
        reason: r.reason,
      })),
      refundable: state.refundable,
    });
  }
  if (entry.tokenId) row.recordedBy = { tokenId: entry.tokenId, label: entry.tokenLabel ?? '' };
  if ('reason' in entry) row.reason = entry.reason;
  if (entry.kind === 'reversal') row.usageId = entry.usageId;
  if (entry.kind === 'grant' && entry.bucket === 'bundle') {
    row.priceMinor = entry.priceMinor;
    row.currency = entry.currency;
    row.bundleId = entry.bundleId;
    row.quantity = entry.quantity;
  }
  return row;
}
