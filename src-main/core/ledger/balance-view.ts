import type { Balance } from '../../../src-shared/ledger';
import type { BalanceView } from '../../../src-shared/api/views';

export function toBalanceView(b: Balance): BalanceView {
  return {
    at: b.at,
    total: b.total,
    overdraft: b.overdraft,
    monthly: { ...b.currentMonthly },
    referral: b.buckets.referral.remaining,
    bundle: b.buckets.bundle.remaining,
    manual: b.buckets.manual.remaining,
    consumedByBucket: { ...b.consumedByBucket },
    expired: b.expired,
  };
}
