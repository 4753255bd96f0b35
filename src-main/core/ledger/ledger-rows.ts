import type { LedgerEntry } from '../../../src-shared/ledger/entry';
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

export function toLedgerRow(
  entry: LedgerEntry,
  reversedBy: string | null = null,
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
    Object.assign(row, {
      explanation: entry.explanation,
      ruleId: entry.ruleId,
      rateCardVersion: entry.rateCardVersion,
      action: entry.action,
      source: entry.source,
      reversedBy,
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
