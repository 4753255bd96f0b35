import { ceilDiv } from '../units';
import { PricingError } from './errors';

/**
 * The help page's "cleaned-up raw text" and its 5,000-character page. Extractors remove markup;
 * these rules make the character count the same on every machine and in every runtime.
 */

export const DEFAULT_PAGE_CHARS = 5000;

/** Collapses whitespace runs to one space, trims, and normalises to NFC. */
export function cleanText(raw: string): string {
  return raw.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** Characters as Unicode code points, so an emoji or a CJK extension character counts once. */
export function countChars(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low surrogate is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/**
 * Pages for a number of cleaned characters: ceil(chars / pageChars), so 5000 → 1 and 5001 → 2.
 * 0 characters are 0 pages: an empty document has nothing to embed.
 * @throws PricingError naming `chars` or `pageChars` for a negative, fractional or NaN input.
 */
export function pagesForChars(chars: number, pageChars: number = DEFAULT_PAGE_CHARS): number {
  if (!Number.isSafeInteger(chars) || chars < 0) {
    throw new PricingError(
      'invalid_action',
      'chars',
      `expected a non-negative integer, got ${String(chars)}`,
    );
  }
  if (!Number.isSafeInteger(pageChars) || pageChars < 1) {
    throw new PricingError(
      'invalid_rate_card',
      'pageChars',
      `expected a positive integer, got ${String(pageChars)}`,
    );
  }
  return ceilDiv(chars, pageChars);
}

/** Pages of already-cleaned text. */
export function pagesForText(text: string, pageChars: number = DEFAULT_PAGE_CHARS): number {
  return pagesForChars(countChars(text), pageChars);
}
