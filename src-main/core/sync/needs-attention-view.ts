import type { NeedsAttentionView } from '../../../src-shared/api/views';
import { formatCredits } from '../../../src-shared/units';
import type { NeedsAttention } from './sync-state-file';

const KIND_LABEL: Record<string, string> = {
  usage: 'Usage',
  reversal: 'Refund',
  adjustment: 'Adjustment',
  grant: 'Grant',
};
const COLLECTION_LABEL: Record<string, string> = {
  referrals: 'Referral',
  settings: 'Workspace settings',
  ratecards: 'Rate card',
  alerts: 'Alert',
};

function summary(item: NeedsAttention): string {
  const doc = item.document as Record<string, unknown>;
  if (item.collection === 'ledger') {
    const kind = KIND_LABEL[String(doc.kind)] ?? 'Ledger entry';
    const bucket = typeof doc.bucket === 'string' && doc.bucket ? ` (${doc.bucket})` : '';
    const amount = Number.isSafeInteger(doc.amount)
      ? ` of ${formatCredits(doc.amount as number)} credits`
      : '';
    return `${kind}${bucket}${amount}`;
  }
  return `${COLLECTION_LABEL[item.collection] ?? item.collection} ${item.id}`;
}

function advice(statusCode: number): string {
  if (statusCode === 401 || statusCode === 403)
    return 'This machine’s token may not write it. Ask whoever runs the endpoint for a token that may, set it above, then retry.';
  if (statusCode === 409)
    return 'It depends on something the team’s endpoint has not received yet (its plan or rate card). This machine retries it on its own; nothing is lost.';
  if (statusCode === 413)
    return 'It is larger than the endpoint accepts. Ask whoever runs the endpoint to raise the limit, then retry.';
  if (statusCode >= 400 && statusCode < 500)
    return 'The endpoint checks a rule this app did not. It stays on this machine only, nothing is lost. Run the same Creditdesk version here and on the endpoint, then retry; if the entry itself is wrong, record a correcting entry.';
  return 'Retry later; if it is refused again, show the endpoint’s reason to whoever runs it.';
}

/** The "needs attention" list as the sync panel shows it, oldest refusal first. */
export function toNeedsAttentionView(items: NeedsAttention[]): NeedsAttentionView[] {
  return items.map((item) => ({
    collection: item.collection,
    id: item.id,
    summary: summary(item),
    reason: item.message,
    advice: advice(item.statusCode),
    statusCode: item.statusCode,
    refusedAt: item.at,
  }));
}
