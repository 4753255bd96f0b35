import type { CostDriver } from '../../../../src-shared/api';
import { perMille } from '../../../../src-shared/ledger/analytics';
import { formatCount } from '../../lib/format';

/**
 * The largest drivers, with the rest summed into one "Other" row so the table adds up to the range's
 * usage. With `limit` or fewer drivers there is nothing to sum and no "Other" row. The share is taken
 * from the drivers' total, not by adding rounded shares.
 */
export function topDrivers(drivers: CostDriver[], limit: number): CostDriver[] {
  if (drivers.length <= limit) return drivers;
  const shown = drivers.slice(0, limit - 1);
  const rest = drivers.slice(limit - 1);
  const millicredits = rest.reduce((sum, d) => sum + d.millicredits, 0);
  const total = drivers.reduce((sum, d) => sum + d.millicredits, 0);
  return [
    ...shown,
    {
      id: 'other',
      label: 'Other',
      detail: `${formatCount(rest.length)} smaller drivers`,
      millicredits,
      perMille: perMille(millicredits, total),
    },
  ];
}
