import type { BundlePlanView } from '../../../../../src-shared/api';
import { formatCount, formatCredits, formatMoney } from '../../../lib/format';
import { hrefFor } from '../../../app/router';

/** The cheapest bundles covering a shortfall (main's shared optimiser), with their price. */
export function BundlePlanTable({ plan }: { plan: BundlePlanView }) {
  return (
    <div className="est-plan" data-testid="migration-plan">
      <table className="table table-compact" aria-label="Cheapest bundle plan">
        <thead>
          <tr>
            <th scope="col">Bundle</th>
            <th scope="col" className="num">
              Quantity
            </th>
            <th scope="col" className="num">
              Credits
            </th>
            <th scope="col" className="num">
              Price
            </th>
          </tr>
        </thead>
        <tbody>
          {plan.items.map((item) => (
            <tr key={item.bundleId}>
              <th scope="row">{item.name}</th>
              <td className="num">{formatCount(item.quantity)}</td>
              <td className="num">{formatCredits(item.millicredits * item.quantity)}</td>
              <td className="num">{formatMoney(item.priceMinor * item.quantity, plan.currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td />
            <td className="num" data-testid="plan-credits">
              {formatCredits(plan.totalMillicredits)}
            </td>
            <td className="num" data-testid="plan-price">
              {formatMoney(plan.totalPriceMinor, plan.currency)}
            </td>
          </tr>
        </tfoot>
      </table>
      <p className="hint">
        {formatMoney(plan.per1000CreditsMinor, plan.currency)} per 1,000 credits; covers the{' '}
        {formatCredits(plan.neededMillicredits)} credits short with{' '}
        {formatCredits(plan.totalMillicredits - plan.neededMillicredits)} to spare.{' '}
        <a href={hrefFor('bundles')}>Buy bundles on the Bundles page</a>
      </p>
    </div>
  );
}
