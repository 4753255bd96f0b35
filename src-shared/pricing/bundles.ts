import { ceilDiv } from '../units';
import {
  bundleGrain,
  cheapestPerCredit,
  MAX_OPTIMISER_WINDOW_UNITS,
  optimiserWindowUnits,
} from './bundle-grain';
import { DEFAULT_RATE_CARD } from './default-rate-card';
import { describeValue, PricingError } from './errors';
import type { RateCard } from './rate-card';

export interface BundlePlanItem {
  bundleId: string;
  name: string;
  quantity: number;
  /** Size of one bundle. */
  millicredits: number;
  /** Price of one bundle in minor units. */
  priceMinor: number;
}

/** The cheapest set of bundles that covers a need. */
export interface BundlePlan {
  neededMillicredits: number;
  /** Largest bundle first; bundles not bought are left out. */
  items: BundlePlanItem[];
  totalMillicredits: number;
  totalPriceMinor: number;
  currency: string;
  /** Bought beyond the need. */
  surplusMillicredits: number;
  /**
   * Price per credit as an integer: minor units per 1,000 credits (equivalently thousandths of a
   * minor unit per credit), rounded half up. 0 for an empty plan.
   */
  per1000CreditsMinor: number;
  rateCardVersion: string;
}

/**
 * Memo of the optimiser per card: for x grain units, the best way to cover at least x. Rows are
 * filled on demand up to the card's window, which bounds it whatever the need (see bundle-grain.ts).
 */
interface Table {
  grain: number;
  units: number[];
  star: number;
  window: number;
  filled: number;
  cost: Float64Array;
  bought: Float64Array;
  count: Float64Array;
  choice: Int16Array;
}

const tables = new WeakMap<RateCard, Table>();

function tableFor(card: RateCard): Table {
  let table = tables.get(card);
  if (table) return table;
  const items = card.bundles;
  const window = optimiserWindowUnits(items);
  if (window > MAX_OPTIMISER_WINDOW_UNITS) {
    throw new PricingError(
      'invalid_rate_card',
      'bundles',
      'bundle sizes are too fine-grained for an exact plan',
    );
  }
  const grain = bundleGrain(items);
  table = {
    grain,
    units: items.map((b) => b.millicredits / grain),
    star: cheapestPerCredit(items),
    window,
    filled: 0,
    cost: new Float64Array(window + 1),
    bought: new Float64Array(window + 1),
    count: new Float64Array(window + 1),
    choice: new Int16Array(window + 1).fill(-1),
  };
  tables.set(card, table);
  return table;
}

/**
 * Covering at least x units: try each bundle as the "last" one bought. Ties on price prefer more
 * credits, then fewer bundles; that order survives adding a bundle, so the recurrence stays exact.
 */
function fill(table: Table, card: RateCard, upTo: number): void {
  const { cost, bought, count, choice, units } = table;
  const prices = card.bundles.map((b) => b.priceMinor);
  for (let x = table.filled + 1; x <= upTo; x++) {
    let bestCost = Infinity;
    let bestBought = 0;
    let bestCount = 0;
    let best = -1;
    for (let i = 0; i < units.length; i++) {
      const prev = x > units[i]! ? x - units[i]! : 0;
      const c = cost[prev]! + prices[i]!;
      const b = bought[prev]! + units[i]!;
      const n = count[prev]! + 1;
      if (c < bestCost || (c === bestCost && (b > bestBought || (b === bestBought && n < bestCount)))) {
        bestCost = c;
        bestBought = b;
        bestCount = n;
        best = i;
      }
    }
    cost[x] = bestCost;
    bought[x] = bestBought;
    count[x] = bestCount;
    choice[x] = best;
  }
  table.filled = Math.max(table.filled, upTo);
}

/**
 * The cheapest combination of the card's bundles whose credits cover `neededMillicredits`: an
 * exact optimum (a greedy "largest first" plan can overpay), ties broken towards more credits,
 * then fewer bundles.
 *
 * Large needs stay cheap: beyond a window fixed by the price list, every optimal plan contains
 * whole copies of the cheapest-per-credit bundle, so those copies are counted arithmetically and
 * only the remainder (at most the window) goes through the memoised table. Cost is
 * O(window × bundles) once per card, then O(window) per call at most.
 *
 * @throws PricingError `invalid_need` for a negative, fractional or NaN need; `out_of_range`
 *   when the plan's total would not fit in safe integers.
 */
export function recommendBundles(neededMillicredits: number, card: RateCard = DEFAULT_RATE_CARD): BundlePlan {
  if (!Number.isSafeInteger(neededMillicredits) || neededMillicredits < 0) {
    throw new PricingError(
      'invalid_need',
      'neededMillicredits',
      `expected a non-negative whole number of millicredits, got ${describeValue(neededMillicredits)}`,
    );
  }
  const table = tableFor(card);
  const needUnits = ceilDiv(neededMillicredits, table.grain);
  const starUnits = table.units[table.star]!;
  const beyond = needUnits - (table.window - starUnits);
  const forcedStar = beyond > 0 ? ceilDiv(beyond, starUnits) : 0;
  const rest = needUnits - forcedStar * starUnits;
  if (rest > table.filled) fill(table, card, rest);

  const quantities = new Array<number>(card.bundles.length).fill(0);
  quantities[table.star] = forcedStar;
  for (let x = rest; x > 0;) {
    const i = table.choice[x]!;
    quantities[i]! += 1;
    x = x > table.units[i]! ? x - table.units[i]! : 0;
  }

  let totalMillicredits = 0;
  let totalPriceMinor = 0;
  const items: BundlePlanItem[] = [];
  for (let i = card.bundles.length - 1; i >= 0; i--) {
    const quantity = quantities[i]!;
    if (quantity === 0) continue;
    const bundle = card.bundles[i]!;
    totalMillicredits += quantity * bundle.millicredits;
    totalPriceMinor += quantity * bundle.priceMinor;
    items.push({
      bundleId: bundle.id,
      name: bundle.name,
      quantity,
      millicredits: bundle.millicredits,
      priceMinor: bundle.priceMinor,
    });
  }
  if (!Number.isSafeInteger(totalMillicredits) || !Number.isSafeInteger(totalPriceMinor)) {
    throw new PricingError(
      'out_of_range',
      'neededMillicredits',
      'the plan is too large to total in safe integers',
    );
  }
  return {
    neededMillicredits,
    items,
    totalMillicredits,
    totalPriceMinor,
    currency: card.currency,
    surplusMillicredits: totalMillicredits - neededMillicredits,
    per1000CreditsMinor: per1000Credits(totalPriceMinor, totalMillicredits),
    rateCardVersion: card.version,
  };
}

/** Minor units per 1,000 credits (1,000,000 millicredits), rounded half up, in exact integers. */
export function per1000Credits(priceMinor: number, millicredits: number): number {
  if (millicredits === 0) return 0;
  const numerator = BigInt(priceMinor) * 1_000_000n;
  const denominator = BigInt(millicredits);
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}
