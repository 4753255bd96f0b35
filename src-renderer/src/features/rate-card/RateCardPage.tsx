import { useEffect } from 'react';
import type { RateCardView } from '../../../../src-shared/api';
import { ACTION_KINDS, ACTION_LABELS } from '../../../../src-shared/pricing/actions';
import { ruleAnchor } from '../../../../src-shared/pricing/rate-card-rules';
import { useRateCardStore } from './rate-card-store';
import { PageHeader } from '../../components/PageHeader';
import { Panel } from '../../components/Panel';
import { RemoteView } from '../../components/RemoteView';
import { TableHead } from '../../components/TableHead';
import { formatCredits, formatMoney } from '../../lib/format';

/** The rule a link asked for ("#/rate-card?rule=ai_label:base"), if any. */
function linkedRule(): string | null {
  const query = window.location.hash.split('?')[1];
  return query ? new URLSearchParams(query).get('rule') : null;
}

function RulesPanel({ card }: { card: RateCardView }) {
  const linked = linkedRule();
  useEffect(() => {
    if (!linked) return;
    const row = document.getElementById(ruleAnchor(linked));
    row?.scrollIntoView({ block: 'center' });
    row?.focus();
  }, [linked]);
  return (
    <Panel
      title="What each AI action costs"
      description={`Rate card ${card.version}. A ledger entry names the rule that priced it; its price is the one below.`}
      className="span-all"
    >
      <table className="table rate-card-rules" aria-label="Pricing rules">
        <TableHead columns={['Action', 'When', { label: 'Credits', numeric: true }, 'Charged', 'Rule']} />
        <tbody>
          {ACTION_KINDS.flatMap((kind) =>
            card.rules
              .filter((r) => r.action === kind)
              .map((rule, i, all) => (
                <tr
                  key={rule.id}
                  id={ruleAnchor(rule.id)}
                  tabIndex={-1}
                  className={rule.id === linked ? 'is-linked' : undefined}
                  aria-current={rule.id === linked ? 'true' : undefined}
                >
                  {i === 0 && (
                    <th scope="rowgroup" rowSpan={all.length}>
                      {ACTION_LABELS[kind]}
                    </th>
                  )}
                  <td>{rule.when}</td>
                  <td className="num">{formatCredits(rule.millicredits)}</td>
                  <td>{rule.per}</td>
                  <td>
                    <code>{rule.id}</code>
                  </td>
                </tr>
              )),
          )}
        </tbody>
      </table>
    </Panel>
  );
}

/** The rate card in force, readable: every action's price and thresholds, tiers, bundles, referrals. */
export function RateCardPage() {
  const card = useRateCardStore((s) => s.remote);
  const load = useRateCardStore((s) => s.load);
  const refresh = useRateCardStore((s) => s.refresh);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <>
      <PageHeader
        title="Rate card"
        description="The prices every charge is worked out with: credits per AI action, the tiers' monthly credits and the bundle price list."
      />
      <RemoteView remote={card} what="the rate card" onRetry={() => void refresh()}>
        {(rateCard) => (
          <div className="rate-card-grid">
            <RulesPanel card={rateCard} />
            <Panel title="Tiers" description="Monthly credits; they do not roll over to the next cycle.">
              <table className="table table-compact" aria-label="Tiers">
                <TableHead columns={['Tier', { label: 'Credits per cycle', numeric: true }]} />
                <tbody>
                  {rateCard.tiers.map((t) => (
                    <tr key={t.id}>
                      <th scope="row">{t.name}</th>
                      <td className="num">{formatCredits(t.monthlyMillicredits)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Panel>
            <Panel
              title="Bundles and referrals"
              description={`Bundle credits never expire. A referral that goes paid earns ${formatCredits(rateCard.referralMillicredits)} credits.`}
            >
              <table className="table table-compact" aria-label="Bundle prices">
                <TableHead
                  columns={[
                    'Bundle',
                    { label: 'Price', numeric: true },
                    { label: 'Per 1,000 credits', numeric: true },
                  ]}
                />
                <tbody>
                  {rateCard.bundles.map((b) => (
                    <tr key={b.id}>
                      <th scope="row">{b.name}</th>
                      <td className="num">{formatMoney(b.priceMinor, rateCard.currency)}</td>
                      <td className="num">{formatMoney(b.per1000CreditsMinor, rateCard.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Panel>
          </div>
        )}
      </RemoteView>
    </>
  );
}
