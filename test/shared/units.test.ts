import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  assertMillicredits,
  ceilDiv,
  floorDiv,
  formatCredits,
  formatMoney,
  fromCredits,
  parseCredits,
  roundDiv,
  toDecimalString,
  UnitsError,
} from '../../src-shared/units';
import { PROPERTY_RUNS, PROPERTY_TIMEOUT } from './helpers/runs';

describe('formatCredits', () => {
  it('formats millicredits as credits without float noise', () => {
    expect(formatCredits(1500)).toBe('1.5');
    expect(formatCredits(500)).toBe('0.5');
    expect(formatCredits(0)).toBe('0');
    expect(formatCredits(-250)).toBe('-0.25');
    expect(formatCredits(1)).toBe('0.001');
  });

  it('groups digits by locale', () => {
    expect(formatCredits(1_234_567_000, { locale: 'en-US' })).toBe('1,234,567');
    expect(formatCredits(1_234_567_891, { locale: 'de-DE' })).toBe('1.234.567,891');
    expect(formatCredits(1_234_567_500, { locale: 'fr-FR' })).toMatch(/^1\s234\s567,5$/u);
  });

  it('keeps every digit of the largest safe amount (a float would round it)', () => {
    expect(formatCredits(Number.MAX_SAFE_INTEGER, { locale: 'en-US' })).toBe('9,007,199,254,740.991');
  });

  it('honours minimum decimals and sign display', () => {
    expect(formatCredits(5000, { locale: 'en-US', minimumFractionDigits: 1 })).toBe('5.0');
    expect(formatCredits(1500, { locale: 'en-US', signDisplay: 'always' })).toBe('+1.5');
  });

  it('rejects amounts that are not safe integers', () => {
    expect(() => formatCredits(1.5)).toThrow(UnitsError);
    expect(() => formatCredits(Number.NaN)).toThrow(/NaN/);
    expect(() => formatCredits(2 ** 53)).toThrow(UnitsError);
  });
});

describe('parseCredits', () => {
  it('parses typed amounts into millicredits', () => {
    expect(parseCredits('1.5')).toBe(1500);
    expect(parseCredits('-2')).toBe(-2000);
    expect(parseCredits('.5')).toBe(500);
    expect(parseCredits('1,250.125')).toBe(1_250_125);
    expect(parseCredits(' 7 ')).toBe(7000);
  });

  it('names the field and the problem for bad input', () => {
    expect(() => parseCredits('1.2345')).toThrow(/more than 3 decimals/);
    expect(() => parseCredits('abc', 'bundleSize')).toThrow(/^bundleSize: /);
    expect(() => parseCredits('')).toThrow(UnitsError);
    expect(() => parseCredits('1e3')).toThrow(UnitsError);
    expect(() => parseCredits('99999999999999999')).toThrow(/too large/);
    try {
      parseCredits('x', 'amount');
    } catch (error) {
      expect(error).toBeInstanceOf(UnitsError);
      expect((error as UnitsError).field).toBe('amount');
    }
  });

  it(
    'round-trips with toDecimalString for every safe amount',
    () => {
      fc.assert(
        fc.property(fc.maxSafeInteger(), (n) => parseCredits(toDecimalString(n)) === n),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('integer helpers', () => {
  it('converts whole credits and checks amounts', () => {
    expect(fromCredits(2000)).toBe(2_000_000);
    expect(() => fromCredits(0.5)).toThrow(UnitsError);
    expect(assertMillicredits(5)).toBe(5);
    expect(() => assertMillicredits('5')).toThrow(/string/);
  });

  it('divides exactly, rounding as named', () => {
    expect(floorDiv(7, 2)).toBe(3);
    expect(floorDiv(-7, 2)).toBe(-4);
    expect(ceilDiv(7, 2)).toBe(4);
    expect(ceilDiv(-7, 2)).toBe(-3);
    expect(ceilDiv(0, 5)).toBe(0);
    expect(Object.is(ceilDiv(-3, 5), 0)).toBe(true);
    expect(roundDiv(5, 2)).toBe(3);
    expect(roundDiv(-5, 2)).toBe(-3);
    expect(roundDiv(4, 3)).toBe(1);
    expect(floorDiv(Number.MAX_SAFE_INTEGER, 3)).toBe(3_002_399_751_580_330);
    expect(() => floorDiv(1, 0)).toThrow(UnitsError);
  });

  it(
    'agrees with BigInt division on safe integers',
    () => {
      fc.assert(
        fc.property(fc.maxSafeInteger(), fc.integer({ min: 1, max: 2 ** 40 }), (a, b) => {
          const [A, B] = [BigInt(a), BigInt(b)];
          const truncated = A / B;
          const exact = A % B === 0n;
          const floor = !exact && A < 0n ? truncated - 1n : truncated;
          const ceil = !exact && A > 0n ? truncated + 1n : truncated;
          return floorDiv(a, b) === Number(floor) && ceilDiv(a, b) === Number(ceil);
        }),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it('formats money from minor units', () => {
    expect(formatMoney(4500, 'USD', 'en-US')).toBe('$45.00');
    expect(formatMoney(-5, 'EUR', 'en-US')).toBe('-€0.05');
    expect(() => formatMoney(1.5, 'USD')).toThrow(UnitsError);
  });
});
