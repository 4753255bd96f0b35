import type { Bucket, EntryKind } from '../../../../src-shared/ledger/entry';

export const KIND_LABELS: Record<EntryKind, string> = {
  grant: 'Grant',
  usage: 'Usage',
  reversal: 'Reversal',
  adjustment: 'Adjustment',
};

export const BUCKET_LABELS: Record<Bucket, string> = {
  monthly: 'Monthly',
  bundle: 'Bundle',
  referral: 'Referral',
  manual: 'Manual',
};

export const SOURCE_LABELS: Record<string, string> = {
  app: 'Recorded in Creditdesk',
  import: 'Imported',
  helpdesk: 'Reported by the help desk',
  estimator: 'Recorded from an estimate',
};
