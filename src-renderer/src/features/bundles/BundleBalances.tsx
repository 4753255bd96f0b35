import { useOverviewStore } from '../overview/overview-store';
import { Stat } from '../../components/Stat';
import { formatCredits } from '../../lib/format';

/** Credits that never expire (bundle and referral) next to the whole balance. */
export function BundleBalances() {
  const balance = useOverviewStore((s) => s.remote.data?.balance);
  if (!balance) return null;
  return (
    <dl className="stat-row stat-row-cards">
      <Stat
        testId="bundle-balance"
        label="Bundle credits left"
        value={`${formatCredits(balance.bundle)} credits`}
      />
      <Stat
        testId="non-expiring-balance"
        label="Non-expiring balance"
        value={`${formatCredits(balance.bundle + balance.referral)} credits`}
        hint="bundles and referrals"
      />
      <Stat
        testId="total-balance"
        label="Total balance"
        value={`${formatCredits(balance.total)} credits`}
        tone={balance.total < 0 ? 'negative' : 'default'}
      />
    </dl>
  );
}
