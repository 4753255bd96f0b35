import { useEffect } from 'react';
import { useReferralsStore } from './referrals-store';
import { useRateCardStore } from '../rate-card/rate-card-store';
import { PageHeader } from '../../components/PageHeader';
import { RemoteView } from '../../components/RemoteView';
import { ErrorState } from '../../components/States';
import { formatCredits } from '../../lib/format';
import { ReferralStats } from './ReferralStats';
import { AddReferralForm } from './AddReferralForm';
import { ReferralPipeline } from './ReferralPipeline';

/** Referred accounts from invitation to award; each paid referral earns credits once. */
export function ReferralsPage() {
  const remote = useReferralsStore((s) => s.remote);
  const load = useReferralsStore((s) => s.load);
  const refresh = useReferralsStore((s) => s.refresh);
  const actionError = useReferralsStore((s) => s.actionError);
  const award = useRateCardStore((s) => s.remote.data?.referralMillicredits);
  const loadCard = useRateCardStore((s) => s.load);
  useEffect(() => {
    void load();
    void loadCard();
  }, [load, loadCard]);

  return (
    <>
      <PageHeader
        title="Referrals"
        description={
          award !== undefined
            ? `A referral whose account goes paid earns ${formatCredits(award)} credits, once.`
            : 'A referral whose account goes paid earns credits, once.'
        }
      />
      <AddReferralForm />
      {actionError && <ErrorState title="That did not work" message={actionError} />}
      <RemoteView remote={remote} what="referrals" onRetry={() => void refresh()}>
        {(referrals) => (
          <>
            <ReferralStats referrals={referrals} />
            <ReferralPipeline referrals={referrals} />
          </>
        )}
      </RemoteView>
    </>
  );
}
