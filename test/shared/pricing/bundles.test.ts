import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_RATE_CARD,
  parseRateCard,
  per1000Credits,
  PricingError,
  recommendBundles,
  type RateCard,
} from '../../../src-shared/pricing';
import { heavyRuns, PROPERTY_TIMEOUT } from '../helpers/runs';

const CREDIT = 1000;

function cardWith(bundles: { credits: number; priceMinor: number }[]): RateCard {
  return parseRateCard({
    ...structuredClone(DEFAULT_RATE_CARD),
    version: 'test',
    bundles: bundles.map((b, i) => ({
      id: `b${i}`,
      name: `B${i}`,
      millicredits: b.credits * CREDIT,
      priceMinor: b.priceMinor,
    })),
  });
}

/** Valid price lists: ascending sizes, each strictly cheaper per credit than the one before. */
const priceList = (maxCredits: number) =>
  fc
    .uniqueArray(fc.integer({ min: 1, max: maxCredits }), { minLength: 1, maxLength: 4 })
    .chain((sizes) => {
      sizes.sort((a, b) => a - b);
      return fc.tuple(
        fc.constant(sizes),
        fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), {
          minLength: sizes.length,
          maxLength: sizes.length,
        }),
        fc.integer({ min: 1, max: 500 }),
      );
    })
    .map(([sizes, fractions, firstPerCredit]) => {
      // Test-data construction only: pick each next price strictly below the previous per-credit rate.
      const out: { credits: number; priceMinor: number }[] = [];
      for (const [i, credits] of sizes.entries()) {
        const prev = out[i - 1];
        if (!prev) {
          out.push({ credits, priceMinor: firstPerCredit * credits });
          continue;
        }
        const ceiling = Math.ceil((prev.priceMinor * credits) / prev.credits) - 1;
        if (ceiling < 1) break;
        out.push({ credits, priceMinor: Math.max(1, Math.floor(ceiling * fractions[i]!)) });
      }
      return out;
    })
    .filter((list) => {
      try {
        cardWith(list);
        return true;
      } catch {
        return false;
      }
    });

/** Exhaustive search: every multiset of bundles that covers the need without a useless extra bundle. */
function bruteForce(card: RateCard, need: number): { price: number; credits: number; count: number } {
  const bundles = card.bundles;
  let best = { price: Infinity, credits: 0, count: 0 };
  const visit = (i: number, covered: number, price: number, credits: number, count: number) => {
    if (covered >= need) {
      if (
        price < best.price ||
        (price === best.price && (credits > best.credits || (credits === best.credits && count < best.count)))
      ) {
        best = { price, credits, count };
      }
      return;
    }
    if (i === bundles.length) return;
    const b = bundles[i]!;
    const most = Math.ceil((need - covered) / b.millicredits);
    for (let q = 0; q <= most; q++) {
      visit(
        i + 1,
        covered + q * b.millicredits,
        price + q * b.priceMinor,
        credits + q * b.millicredits,
        count + q,
      );
    }
  };
  visit(0, 0, 0, 0, 0);
  return best;
}

describe('recommendBundles', () => {
  it('finds the exact optimum where greedy overpays', () => {
    // 7,000 credits: greedy "largest first" buys 10,000 for $80; 5,000 + 2 × 1,000 costs $65.
    const plan = recommendBundles(7_000_000);
    expect(plan.totalPriceMinor).toBe(6500);
    expect(plan.items).toEqual([
      { bundleId: 'b5k', name: '5,000 credits', quantity: 1, millicredits: 5_000_000, priceMinor: 4500 },
      { bundleId: 'b1k', name: '1,000 credits', quantity: 2, millicredits: 1_000_000, priceMinor: 1000 },
    ]);
    expect(plan.totalMillicredits).toBe(7_000_000);
    expect(plan.surplusMillicredits).toBe(0);
    expect(plan.per1000CreditsMinor).toBe(929);
    expect(plan.currency).toBe('USD');
    expect(plan.rateCardVersion).toBe('default-1');
  });

  it('buys the bigger bundle once it is cheaper than the small ones', () => {
    expect(recommendBundles(9_000_000).items.map((i) => i.bundleId)).toEqual(['b10k']);
    expect(recommendBundles(1).items).toEqual([
      { bundleId: 'b1k', name: '1,000 credits', quantity: 1, millicredits: 1_000_000, priceMinor: 1000 },
    ]);
  });

  it('needs nothing for zero and refuses negative or fractional needs', () => {
    const plan = recommendBundles(0);
    expect(plan.items).toEqual([]);
    expect(plan.totalPriceMinor).toBe(0);
    expect(plan.per1000CreditsMinor).toBe(0);
    for (const bad of [-1, 1.5, Number.NaN]) {
      expect(() => recommendBundles(bad)).toThrow(PricingError);
    }
    try {
      recommendBundles(-1);
    } catch (error) {
      expect((error as PricingError).field).toBe('neededMillicredits');
    }
  });

  it('handles migration-sized needs quickly by buying whole copies of the cheapest bundle', () => {
    const started = performance.now();
    const plan = recommendBundles(2_000_000_000_000);
    expect(performance.now() - started).toBeLessThan(500);
    expect(plan.items[0]).toMatchObject({ bundleId: 'b100k', quantity: 20_000 });
    expect(plan.totalPriceMinor).toBe(20_000 * 60_000);
    expect(plan.per1000CreditsMinor).toBe(600);
  });

  it('computes per-1,000-credit prices in integers, rounding half up', () => {
    expect(per1000Credits(1, 3_000_000)).toBe(0);
    expect(per1000Credits(2, 4_000_000)).toBe(1);
    expect(per1000Credits(6500, 7_000_000)).toBe(929);
    expect(per1000Credits(Number.MAX_SAFE_INTEGER, 1)).toBe(
      Number(BigInt(Number.MAX_SAFE_INTEGER) * 1_000_000n),
    );
  });

  it(
    'equals brute force on small price lists and needs',
    () => {
      fc.assert(
        fc.property(priceList(12), fc.integer({ min: 0, max: 40 * CREDIT }), (list, need) => {
          const card = cardWith(list);
          const plan = recommendBundles(need, card);
          const best = bruteForce(card, need);
          expect(plan.totalPriceMinor).toBe(best.price);
          expect(plan.totalMillicredits).toBe(best.credits);
          expect(plan.items.reduce((n, i) => n + i.quantity, 0)).toBe(best.count);
          expect(plan.totalMillicredits).toBeGreaterThanOrEqual(need);
          expect(plan.items.reduce((s, i) => s + i.quantity * i.priceMinor, 0)).toBe(plan.totalPriceMinor);
        }),
        { numRuns: heavyRuns(2) },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'stays optimal past the window where whole cheapest bundles are forced',
    () => {
      fc.assert(
        fc.property(priceList(6), fc.integer({ min: 0, max: 400 }), (list, needCredits) => {
          const card = cardWith(list);
          // Reference: plain cover-at-least DP over the whole need, no shortcut.
          const sizes = card.bundles.map((b) => b.millicredits / CREDIT);
          const cost = [0];
          for (let x = 1; x <= needCredits; x++) {
            cost[x] = Math.min(
              ...sizes.map((s, i) => cost[Math.max(0, x - s)]! + card.bundles[i]!.priceMinor),
            );
          }
          expect(recommendBundles(needCredits * CREDIT, card).totalPriceMinor).toBe(cost[needCredits]);
        }),
        { numRuns: heavyRuns(2) },
      );
    },
    PROPERTY_TIMEOUT,
  );
});
