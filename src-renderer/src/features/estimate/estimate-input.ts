import { formatCount } from '../../lib/format';

/**
 * Parsing of what people type into the estimators: whole numbers with the grouping they are used to
 * ("12,000", "12 000", "12_000"), and one page address per line.
 */

const GROUPED = /^\d{1,3}(?:[,\u00a0\u202f _]\d{3})+$|^\d+$/;

/** A whole number ≥ 0, or an error message saying what to type instead. */
export function parseCount(text: string, max = 1_000_000_000): { value: number } | { error: string } {
  const trimmed = text.trim();
  if (!GROUPED.test(trimmed)) return { error: 'Enter a whole number, e.g. 12,000.' };
  const value = Number(trimmed.replace(/[,\u00a0\u202f _]/g, ''));
  if (!Number.isSafeInteger(value) || value > max) return { error: `Enter at most ${formatCount(max)}.` };
  return { value };
}

/** Non-empty trimmed lines: a pasted list of addresses, one per line. */
export const urlLines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
