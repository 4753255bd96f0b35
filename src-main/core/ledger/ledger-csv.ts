import type { LedgerEntry } from '../../../src-shared/ledger/entry';
import { csvRow } from '../../../src-shared/csv';
import { toDecimalString } from '../../../src-shared/units';
import { describeEntry, recordedBy } from './ledger-rows';

export const LEDGER_CSV_HEADER = [
  'id',
  'occurred_at',
  'kind',
  'bucket',
  'action',
  'description',
  'amount_credits',
  'amount_millicredits',
  'rule',
  'rate_card',
  'explanation',
  'reason',
  'usage_id',
  'price_minor',
  'currency',
  'machine',
  'machine_name',
  'recorded_at',
  'recorded_by',
] as const;

/** One ledger entry as a CSV line: amounts both as exact decimal credits and integer millicredits. */
export function ledgerCsvLine(
  entry: LedgerEntry,
  machineNames: ReadonlyMap<string, string> = new Map(),
): string {
  return csvRow([
    entry.id,
    new Date(entry.occurredAt).toISOString(),
    entry.kind,
    entry.kind === 'grant' ? entry.bucket : '',
    entry.kind === 'usage' ? entry.actionKind : '',
    describeEntry(entry),
    toDecimalString(entry.amount),
    entry.amount,
    entry.kind === 'usage' ? entry.ruleId : '',
    entry.kind === 'usage' ? entry.rateCardVersion : '',
    entry.kind === 'usage' ? entry.explanation : '',
    'reason' in entry ? entry.reason : '',
    entry.kind === 'reversal' ? entry.usageId : '',
    entry.kind === 'grant' && entry.bucket === 'bundle' ? entry.priceMinor : '',
    entry.kind === 'grant' && entry.bucket === 'bundle' ? entry.currency : '',
    entry.machineId,
    machineNames.get(entry.machineId) ?? '',
    new Date(entry.recordedAt).toISOString(),
    recordedBy(entry),
  ]);
}

export const ledgerCsvHeader = (): string => csvRow([...LEDGER_CSV_HEADER]);
