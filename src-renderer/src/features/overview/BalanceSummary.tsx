import type { OverviewView } from '../../../../src-shared/api';
import { Panel } from '../../components/Panel';
import { Stat } from '../../components/Stat';
import { TermHelp } from '../../components/TermHelp';
import { formatCredits, formatDate } from '../../lib/format';

/** The balance now and what it is made of: this cycle's monthly credits, referral, bundle, manual. */
export function BalanceSummary({ overview }: { overview: OverviewView }) {
  const { balance, cycle } = overview;
  return (
    <Panel title="Balance" className="span-all" terms={['bucket']}>
      <div className="balance-hero">
        <div className="balance-total" data-testid="balance-total">
          <span className="balance-label">Available now</span>
          <span className={`balance-value${balance.total < 0 ? ' negative' : ''}`}>
            {formatCredits(balance.total)}
            <span className="unit"> credits</span>
          </span>
          {balance.overdraft > 0 && (
            <span className="overdraft-line">
              <span className="badge badge-negative" data-testid="overdraft">
                Overdrawn by {formatCredits(balance.overdraft)} credits
              </span>
              <TermHelp term="overdraft" />
            </span>
          )}
        </div>
        <dl className="stat-row">
          <Stat
            testId="bucket-monthly"
            label="Monthly"
            value={formatCredits(balance.monthly.remaining)}
            hint={
              <>
                of {formatCredits(balance.monthly.granted)} · resets{' '}
                {formatDate(balance.monthly.expiresAt ?? cycle.end)}
              </>
            }
          />
          <Stat
            testId="bucket-referral"
            label="Referral"
            value={formatCredits(balance.referral)}
            hint="never expire"
          />
          <Stat
            testId="bucket-bundle"
            label="Bundle"
            value={formatCredits(balance.bundle)}
            hint="never expire"
          />
          {balance.manual !== 0 && (
            <Stat
              testId="bucket-manual"
              label="Manual"
              value={formatCredits(balance.manual)}
              hint="support grants"
            />
          )}
        </dl>
      </div>
    </Panel>
  );
}
