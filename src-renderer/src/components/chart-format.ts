import { formatCredits } from '../lib/format';

/**
 * Axis ticks and tooltips get millicredit values from the chart library; ticks are integers
 * (allowDecimals off), but a stray fraction must not reach formatCredits, which rejects it.
 */
export const creditsTick = (value: unknown): string =>
  typeof value === 'number' && Number.isFinite(value) ? formatCredits(Math.round(value)) : '';

export const creditsTooltip = (value: unknown): string => `${creditsTick(value)} credits`;
