import type { ReferralView } from '../../../../src-shared/api';
import { useReferralsStore } from '../../stores/referrals-store';
import { EmptyState } from '../../components/States';
import { formatCount, formatCredits, formatDateTime, formatLocalDate } from '../../lib/format';

type Stage = 'invited' | 'signed_up' | 'paid' | 'awarded';

const STAGES: { id: Stage; title: string; empty: string }[] = [
  { id: 'invited', title: 'Invited', empty: 'No open invitations.' },
  { id: 'signed_up', title: 'Signed up', empty: 'Nobody is on a trial.' },
  { id: 'paid', title: 'Paid, award pending', empty: 'Nothing waiting for its award.' },
  { id: 'awarded', title: 'Awarded', empty: 'No awards yet.' },
];

const stageOf = (r: ReferralView): Stage =>
  r.status === 'paid' ? (r.awarded ? 'awarded' : 'paid') : r.status;

function ReferralCard({ referral }: { referral: ReferralView }) {
  const advance = useReferralsStore((s) => s.advance);
  const busy = useReferralsStore((s) => s.busy);
  const working = busy === referral.id;
  return (
    <li className="referral-card" aria-label={referral.name} data-testid={`referral-${referral.name}`}>
      <strong>{referral.name}</strong>
      {referral.contact && <span className="cell-muted">{referral.contact}</span>}
      <span className="referral-dates" title={`Invited ${formatDateTime(referral.invitedAt)}`}>
        Invited {formatLocalDate(referral.invitedAt)}
        {referral.signedUpAt && <> · signed up {formatLocalDate(referral.signedUpAt)}</>}
        {referral.paidAt && <> · paid {formatLocalDate(referral.paidAt)}</>}
      </span>
      {referral.awarded && (
        <span className="badge badge-positive">+{formatCredits(referral.awardedMillicredits)} credits</span>
      )}
      {referral.status !== 'paid' && (
        <div className="referral-actions">
          {referral.status === 'invited' && (
            <button
              type="button"
              className="btn btn-secondary btn-small"
              disabled={working}
              aria-label={`Mark ${referral.name} signed up`}
              onClick={() => void advance(referral.id, 'signed_up')}
            >
              Signed up
            </button>
          )}
          <button
            type="button"
            className="btn btn-primary btn-small"
            disabled={working}
            aria-label={`Mark ${referral.name} paid`}
            onClick={() => void advance(referral.id, 'paid')}
          >
            Went paid
          </button>
        </div>
      )}
    </li>
  );
}

/** The pipeline as four columns, oldest invitation first in each. */
export function ReferralPipeline({ referrals }: { referrals: ReferralView[] }) {
  if (referrals.length === 0) {
    return (
      <EmptyState title="No referrals yet">
        Add the companies you referred above; when one goes paid, its credits are added to the balance.
      </EmptyState>
    );
  }
  const sorted = [...referrals].sort((a, b) => a.invitedAt - b.invitedAt);
  return (
    <div className="pipeline">
      {STAGES.map((stage) => {
        const items = sorted.filter((r) => stageOf(r) === stage.id);
        const headingId = `stage-${stage.id}`;
        return (
          <section key={stage.id} className={`pipeline-column stage-${stage.id}`} aria-labelledby={headingId}>
            <h2 id={headingId}>
              {stage.title} <span className="count">{formatCount(items.length)}</span>
            </h2>
            {items.length === 0 ? (
              <p className="cell-muted pipeline-empty">{stage.empty}</p>
            ) : (
              <ul>
                {items.map((r) => (
                  <ReferralCard key={r.id} referral={r} />
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
