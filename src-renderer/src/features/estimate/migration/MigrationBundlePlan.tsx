import type { BundlePlanView } from '../../../../../src-shared/api';
import { formatCredits, formatMoney } from '../../../lib/format';
import { BundlePlanTable as SharedPlanTable } from '../../../components/BundlePlanTable';
import { hrefFor } from '../../../app/router';

/** The cheapest bundles covering a shortfall (main's shared optimiser), with their price. */
export function MigrationBundlePlan({ plan }: { plan: BundlePlanView }) {
  return (
    <div className="est-plan" data-testid="migration-plan">
      <SharedPlanTable plan={plan} label="Cheapest bundle plan" />
      <p className="hint">
        {formatMoney(plan.per1000CreditsMinor, plan.currency)} per 1,000 credits; covers the{' '}
        {formatCredits(plan.neededMillicredits)} credits short with{' '}
        {formatCredits(plan.totalMillicredits - plan.neededMillicredits)} to spare.{' '}
        <a href={hrefFor('bundles')}>Buy bundles on the Bundles page</a>
      </p>
    </div>
  );
}
