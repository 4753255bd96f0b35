import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CleanCounter } from '../../src-main/core/documents/clean-counter';
import { cleanText, countChars } from '../../src-shared/pricing/text';

const expected = (text: string) => countChars(cleanText(text));

function countPieces(pieces: string[]): number {
  const counter = new CleanCounter();
  for (const p of pieces) counter.push(p);
  return counter.chars;
}

describe('CleanCounter', () => {
  it('matches cleanText + countChars on known text', () => {
    expect(countPieces(['  Hello', ' ', '\n\nworld  ', '', 'again\t'])).toBe(
      expected('  Hello \n\nworld  again\t'),
    );
    expect(countPieces(['e\u0301', 'te\u0301'])).toBe(expected('e\u0301te\u0301'));
    expect(countPieces(['😀 ', '𠜎'])).toBe(3);
    expect(countPieces([])).toBe(0);
    expect(countPieces(['   ', '\n'])).toBe(0);
  });

  it('equals the whole-text rule however the text is split', () => {
    const alphabet = fc.constantFrom(
      'a',
      'B',
      ' ',
      '\n',
      '\t',
      '\u00a0',
      'e',
      '\u0301',
      '😀',
      'é',
      '\u3000',
      'ß',
    );
    fc.assert(
      fc.property(fc.array(fc.string({ unit: alphabet, maxLength: 12 }), { maxLength: 12 }), (pieces) => {
        expect(countPieces(pieces)).toBe(expected(pieces.join('')));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps memory bounded on a long run without whitespace', () => {
    const counter = new CleanCounter();
    for (let i = 0; i < 100; i++) counter.push('x'.repeat(10_000));
    expect(counter.chars).toBe(1_000_000);
  });
});
