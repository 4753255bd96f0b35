/**
 * Credits are carried as integer millicredits (1 credit = 1000). Every helper here works on
 * integers or decimal strings so that no binary floating point ever touches an amount.
 */

export const MILLI_PER_CREDIT = 1000;

/** An integer amount of millicredits. The alias documents intent; values are checked at the edges. */
export type Millicredits = number;

export class UnitsError extends Error {
  override readonly name = 'UnitsError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** Throws unless `value` is a safe integer; returns it typed as millicredits. */
export function assertMillicredits(value: unknown, field = 'amount'): Millicredits {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new UnitsError(field, `expected an integer number of millicredits, got ${describe(value)}`);
  }
  return value;
}

/** Whole credits to millicredits (e.g. 2000 credits → 2,000,000). */
export function fromCredits(wholeCredits: number, field = 'credits'): Millicredits {
  if (!Number.isSafeInteger(wholeCredits)) {
    throw new UnitsError(field, `expected a whole number of credits, got ${describe(wholeCredits)}`);
  }
  return assertMillicredits(wholeCredits * MILLI_PER_CREDIT, field);
}

const DECIMAL = /^([+-])?(\d{1,3}(?:[,_ ]\d{3})+|\d+)?(?:\.(\d+))?$/;

/**
 * Parses a human-typed credit amount ("1.5", "-2", "1,250.125") into millicredits.
 * More than three decimals cannot be represented and is rejected rather than rounded.
 */
export function parseCredits(text: string, field = 'credits'): Millicredits {
  const trimmed = text.trim();
  const match = DECIMAL.exec(trimmed);
  if (!trimmed || !match || (match[2] === undefined && match[3] === undefined)) {
    throw new UnitsError(
      field,
      `"${text}" is not a credit amount; use digits with an optional "." and up to 3 decimals`,
    );
  }
  const [, sign, intPart = '0', fracPart = ''] = match;
  if (fracPart.length > 3) {
    throw new UnitsError(field, `"${text}" has more than 3 decimals; the smallest unit is 0.001 credit`);
  }
  const whole = BigInt(intPart.replace(/[,_ ]/g, ''));
  const milli = whole * 1000n + BigInt(fracPart.padEnd(3, '0'));
  const signed = sign === '-' ? -milli : milli;
  if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new UnitsError(field, `"${text}" is too large`);
  }
  return Number(signed);
}

/** The exact decimal string of an amount in credits, e.g. 1500 → "1.5", -250 → "-0.25". */
export function toDecimalString(amount: Millicredits): string {
  assertMillicredits(amount);
  const negative = amount < 0;
  const abs = negative ? -amount : amount;
  const whole = Math.trunc(abs / MILLI_PER_CREDIT);
  const frac = abs - whole * MILLI_PER_CREDIT;
  const fracText = frac === 0 ? '' : '.' + String(frac).padStart(3, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fracText}`;
}

export interface FormatCreditsOptions {
  locale?: string | string[];
  /** Always show this many decimals at least (e.g. 1 for "5.0"). */
  minimumFractionDigits?: 0 | 1 | 2 | 3;
  signDisplay?: 'auto' | 'always' | 'exceptZero' | 'negative' | 'never';
}

const formatterCache = new Map<string, Intl.NumberFormat>();

/**
 * Formats millicredits for people with locale grouping: 1500 → "1.5", 1234567000 → "1,234,567".
 * Intl receives the exact decimal string, so no float rounding can creep into the display.
 */
export function formatCredits(amount: Millicredits, options: FormatCreditsOptions = {}): string {
  const key = JSON.stringify([
    options.locale ?? null,
    options.minimumFractionDigits ?? 0,
    options.signDisplay ?? 'auto',
  ]);
  let formatter = formatterCache.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(options.locale, {
      minimumFractionDigits: options.minimumFractionDigits ?? 0,
      maximumFractionDigits: 3,
      signDisplay: options.signDisplay ?? 'auto',
    });
    formatterCache.set(key, formatter);
  }
  // Intl.NumberFormat accepts decimal strings exactly (ECMA-402 "Intl.NumberFormat v3").
  return formatter.format(toDecimalString(amount) as unknown as number);
}

/** Formats an amount of money held as integer minor units (cents) in the given currency. */
export function formatMoney(minorUnits: number, currency: string, locale?: string | string[]): string {
  if (!Number.isSafeInteger(minorUnits)) {
    throw new UnitsError('price', `expected integer minor units, got ${describe(minorUnits)}`);
  }
  const negative = minorUnits < 0;
  const abs = Math.abs(minorUnits);
  const text = `${negative ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(text as unknown as number);
}

function describe(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return `the string "${value}"`;
  return typeof value;
}

/**
 * Exact integer division rounded toward −∞. The float quotient can be one off near integer
 * boundaries for large operands, so the remainder is checked and corrected in integers.
 */
export function floorDiv(a: number, b: number): number {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || b === 0) {
    throw new UnitsError(
      'divisor',
      `floorDiv needs safe integers and a non-zero divisor, got ${describe(a)} / ${describe(b)}`,
    );
  }
  let q = Math.floor(a / b);
  let r = a - q * b;
  // Correct a quotient that float rounding pushed past the true value (at most by one step).
  if (b > 0) {
    while (r < 0) {
      q -= 1;
      r += b;
    }
    while (r >= b) {
      q += 1;
      r -= b;
    }
  } else {
    while (r > 0) {
      q -= 1;
      r += b;
    }
    while (r <= b) {
      q += 1;
      r -= b;
    }
  }
  // Normalise −0 so results compare equal to 0 everywhere (Object.is, JSON, tests).
  return q === 0 ? 0 : q;
}

/** Exact integer division rounded toward +∞ (e.g. pages for characters, days until a run-out). */
export function ceilDiv(a: number, b: number): number {
  const q = -floorDiv(-a, b);
  return q === 0 ? 0 : q;
}

/** Exact integer division rounded to the nearest integer, halves away from zero. */
export function roundDiv(a: number, b: number): number {
  const negative = a < 0 !== b < 0;
  const absA = Math.abs(a);
  const absB = Math.abs(b);
  const q = floorDiv(absA, absB);
  const r = absA - q * absB;
  const rounded = r * 2 >= absB ? q + 1 : q;
  return negative && rounded !== 0 ? -rounded : rounded;
}
