import { useId, useState } from 'react';
import type { ReferralView } from '../../../../src-shared/api';
import { useReferralsStore } from './referrals-store';
import { useRateCardStore } from '../rate-card/rate-card-store';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
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

/** "Went paid" awards credits: it asks first and names the amount. */
function PaidDialog({ referral, onClose }: { referral: ReferralView | null; onClose: () => void }) {
  const advance = useReferralsStore((s) => s.advance);
  const busy = useReferralsStore((s) => s.busy);
  const award = useRateCardStore((s) => s.remote.data?.referralMillicredits);
  const amount = award === undefined ? 'the referral credits' : `${formatCredits(award)} credits`;
  return (
    <Dialog
      open={referral !== null}
      title="Mark as paid"
      description={
        referral
          ? `${referral.name} went paid: this adds ${amount} to the balance, once for this workspace. A mistaken award can be taken back later with a reason.`
          : undefined
      }
      onClose={onClose}
    >
      <DialogActions onCancel={onClose}>
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy !== null}
          onClick={() => {
            if (referral) void advance(referral.id, 'paid').then(() => onClose());
          }}
        >
          Award {amount}
        </button>
      </DialogActions>
    </Dialog>
  );
}

/** Taking an award back needs a reason; it is written on the correction in the ledger. */
function RevokeDialog({ referral, onClose }: { referral: ReferralView | null; onClose: () => void }) {
  const revoke = useReferralsStore((s) => s.revoke);
  const busy = useReferralsStore((s) => s.busy);
  const [reason, setReason] = useState('');
  const id = useId();
  return (
    <Dialog
      open={referral !== null}
      title="Take the award back"
      description={
        referral
          ? `Takes ${formatCredits(referral.awardedMillicredits)} credits back out of referral credits, as a correction in the ledger. The referral stays paid.`
          : undefined
      }
      onClose={onClose}
    >
      <div className="field">
        <label htmlFor={id}>Reason</label>
        <input
          id={id}
          className="input"
          maxLength={400}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </div>
      <DialogActions onCancel={onClose}>
        <button
          type="button"
          className="btn btn-primary est-danger"
          disabled={busy !== null || !reason.trim()}
          onClick={() => {
            if (referral)
              void revoke(referral.id, reason.trim()).then((ok) => {
                if (ok) {
                  setReason('');
                  onClose();
                }
              });
          }}
        >
          Take back
        </button>
      </DialogActions>
    </Dialog>
  );
}

function ReferralCard({
  referral,
  onPaid,
  onRevoke,
}: {
  referral: ReferralView;
  onPaid: (r: ReferralView) => void;
  onRevoke: (r: ReferralView) => void;
}) {
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
      {referral.awarded && !referral.revoked && (
        <span className="badge badge-positive">+{formatCredits(referral.awardedMillicredits)} credits</span>
      )}
      {referral.revoked && (
        <span className="badge" title={referral.revoked.reason}>
          Award taken back
        </span>
      )}
      {referral.awarded && !referral.revoked && (
        <div className="referral-actions">
          <button
            type="button"
            className="btn btn-secondary btn-small"
            disabled={working}
            aria-label={`Take back the award for ${referral.name}`}
            onClick={() => onRevoke(referral)}
          >
            Take back…
          </button>
        </div>
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
            onClick={() => onPaid(referral)}
          >
            Went paid…
          </button>
        </div>
      )}
    </li>
  );
}

/** The pipeline as four columns, oldest invitation first in each. */
export function ReferralPipeline({ referrals }: { referrals: ReferralView[] }) {
  const [paying, setPaying] = useState<ReferralView | null>(null);
  const [revoking, setRevoking] = useState<ReferralView | null>(null);
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
      <PaidDialog referral={paying} onClose={() => setPaying(null)} />
      <RevokeDialog referral={revoking} onClose={() => setRevoking(null)} />
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
                  <ReferralCard key={r.id} referral={r} onPaid={setPaying} onRevoke={setRevoking} />
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
