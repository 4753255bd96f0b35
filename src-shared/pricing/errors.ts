/**
 * Why a price could not be computed. `field` names the offending input (for example `count`,
 * `model`, `bundles.items.2.priceMinor`) so that an API error, a form or an import report can
 * point at it.
 */
export type PricingErrorCode =
  'invalid_action' | 'unknown_kind' | 'unknown_model' | 'out_of_range' | 'invalid_rate_card' | 'invalid_need';

export class PricingError extends Error {
  override readonly name = 'PricingError';
  constructor(
    readonly code: PricingErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** A short, safe rendering of a rejected value for error messages. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (value === null) return 'null';
  return typeof value;
}
