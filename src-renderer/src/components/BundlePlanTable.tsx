import type { BundlePlanView } from '../../../src-shared/api';
import { formatCount, formatCredits, formatMoney } from '../lib/format';
import { TableHead } from './TableHead';

/**
 * A bundle plan from the shared optimiser: each line's bundle, how many, and what the line adds up
 * to, then the plan's totals. One table for the Bundles page and the migration estimate.
 */
export function BundlePlanTable({ plan, label }: { plan: BundlePlanView; label: string }) {
  return (
    <table className="table table-compact" aria-label={label}>
      <TableHead
        columns={[
          'Bundle',
          { label: 'Quantity', numeric: true },
          { label: 'Credits', numeric: true },
          { label: 'Price', numeric: true },
        ]}
      />
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
  );
}
