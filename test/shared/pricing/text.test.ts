import { describe, expect, it } from 'vitest';
import {
  cleanText,
  countChars,
  pagesForChars,
  pagesForText,
  PricingError,
} from '../../../src-shared/pricing';

describe('text rules', () => {
  it('cleans whitespace and normalises to NFC', () => {
    expect(cleanText('  Hello \n\n\t world  ')).toBe('Hello world');
    expect(cleanText('e\u0301')).toBe('\u00e9');
    expect(cleanText('   ')).toBe('');
  });

  it('counts code points, not UTF-16 units', () => {
    expect(countChars('abc')).toBe(3);
    expect(countChars('😀')).toBe(1);
    expect(countChars('a😀b')).toBe(3);
    expect(countChars('\ud800')).toBe(1);
  });

  it('bills 5,000-character pages and nothing for empty text', () => {
    expect(pagesForChars(0)).toBe(0);
    expect(pagesForChars(5000)).toBe(1);
    expect(pagesForChars(5001)).toBe(2);
    expect(pagesForText('')).toBe(0);
    expect(pagesForText('😀'.repeat(5000))).toBe(1);
    expect(pagesForText('😀'.repeat(5001))).toBe(2);
    expect(pagesForChars(10, 3)).toBe(4);
  });

  it('rejects bad counts with a typed error naming the field', () => {
    expect(() => pagesForChars(-1)).toThrow(PricingError);
    expect(() => pagesForChars(Number.NaN)).toThrow(/^chars:/);
    expect(() => pagesForChars(10, 0)).toThrow(/^pageChars:/);
  });
});
