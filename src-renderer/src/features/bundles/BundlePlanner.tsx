import { useState, type FormEvent } from 'react';
import { parseCredits } from '../../../../src-shared/units';
import { useBundlesStore } from './bundles-store';
import { Panel } from '../../components/Panel';
import { ErrorState } from '../../components/States';
import { BundlePlanTable } from '../../components/BundlePlanTable';
import { formatCredits, formatMoney } from '../../lib/format';
import { NumberField } from '../../components/NumberField';

const parsedOrNull = (text: string): number | null => {
  try {
    return parseCredits(text, 'credits');
  } catch {
    return null;
  }
};

/** "How many credits do I need?" → the cheapest combination of bundles (shared optimiser). */
export function BundlePlanner() {
  const plan = useBundlesStore((s) => s.plan);
  const recommend = useBundlesStore((s) => s.recommend);
  const clearPlan = useBundlesStore((s) => s.clearPlan);
  const buyPlan = useBundlesStore((s) => s.buyPlan);
  const buying = useBundlesStore((s) => s.buying);
  const [need, setNeed] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  // Ids for buying the plan on screen, one per line; a new plan gets new ones.
  const [planIds, setPlanIds] = useState<{ plan: unknown; ids: string[] }>({ plan: null, ids: [] });
  if (plan.data && planIds.plan !== plan.data)
    setPlanIds({ plan: plan.data, ids: plan.data.items.map(() => crypto.randomUUID()) });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    try {
      const millicredits = parseCredits(need, 'credits');
      if (millicredits <= 0) throw new Error('Enter a number of credits above zero.');
      setInputError(null);
      void recommend(millicredits);
    } catch (e) {
      // A plan for an earlier amount must not stay buyable next to an amount that was refused.
      clearPlan();
      setInputError(e instanceof Error ? e.message.replace(/^credits: /, '') : String(e));
    }
  };
  const typed = parsedOrNull(need);
  const stale = plan.data !== null && typed !== plan.data.neededMillicredits;

  return (
    <Panel title="How many credits do I need?" description="The cheapest bundles that cover it.">
      <form className="form form-inline" onSubmit={submit}>
        <NumberField
          label="Credits needed"
          decimals
          value={need}
          onChange={setNeed}
          placeholder="e.g. 23,500"
          error={inputError}
          hint="Whole credits or up to 3 decimals."
        />
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!need.trim() || plan.status === 'loading'}
        >
          Find the cheapest plan
        </button>
      </form>
      {plan.status === 'error' && <ErrorState title="Could not work out a plan" message={plan.error} />}
      {plan.data && (
        <div className="plan" data-testid="bundle-plan">
          <BundlePlanTable plan={plan.data} label="Cheapest bundle plan" />
          <p className="hint">
            {formatMoney(plan.data.per1000CreditsMinor, plan.data.currency)} per 1,000 credits; covers{' '}
            {formatCredits(plan.data.neededMillicredits)} needed with{' '}
            {formatCredits(plan.data.totalMillicredits - plan.data.neededMillicredits)} to spare.
          </p>
          {stale && (
            <p className="hint" role="status">
              The amount changed; find the cheapest plan again before buying.
            </p>
          )}
          <button
            type="button"
            className="btn btn-secondary"
            disabled={buying !== null || stale}
            onClick={() => void buyPlan(plan.data!, planIds.ids)}
          >
            {buying === 'plan'
              ? 'Recording…'
              : `Buy this plan for ${formatMoney(plan.data.totalPriceMinor, plan.data.currency)}`}
          </button>
        </div>
      )}
    </Panel>
  );
}
