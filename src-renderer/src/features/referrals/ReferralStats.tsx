import type { ReferralView } from '../../../../src-shared/api';
import { Stat } from '../../components/Stat';
import { formatCount, formatCredits } from '../../lib/format';

/** Credits earned so far and how far the referrals have come. */
export function ReferralStats({ referrals }: { referrals: ReferralView[] }) {
  // An award taken back is not earned.
  const earned = referrals.reduce((sum, r) => sum + (r.awarded && !r.revoked ? r.awardedMillicredits : 0), 0);
  const paid = referrals.filter((r) => r.status === 'paid').length;
  return (
    <dl className="stat-row stat-row-cards">
      <Stat
        testId="referral-earned"
        label="Credits earned"
        value={`${formatCredits(earned)} credits`}
        tone="positive"
      />
      <Stat label="Referrals" value={formatCount(referrals.length)} />
      <Stat label="Went paid" value={formatCount(paid)} />
      <Stat
        label="Conversion"
        value={
          referrals.length
            ? new Intl.NumberFormat(undefined, { style: 'percent' }).format(paid / referrals.length)
            : '—'
        }
      />
    </dl>
  );
}
