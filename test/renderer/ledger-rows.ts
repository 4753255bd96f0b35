import type { LedgerRow } from '../../src-shared/api';

/** A one-credit AI label usage row, as listLedger returns it; only the id tells rows apart. */
export const usageRow = (id: string, description = 'AI label'): LedgerRow => ({
  id,
  kind: 'usage',
  bucket: '',
  actionKind: 'ai_label',
  amount: -1000,
  occurredAt: 0,
  recordedAt: 0,
  machineId: 'm',
  description,
});
