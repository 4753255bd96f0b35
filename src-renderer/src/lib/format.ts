import { formatCredits, formatMoney, roundDiv } from '../../../src-shared/units';

/**
 * Display helpers. Credits and money go through src-shared/units (exact, from integers); dates and
 * plain numbers through Intl in the user's locale. Billing cycles and analytics days are UTC, so
 * date-only values are shown in UTC: a reset "on 1 Dec" must not read "30 Nov" west of Greenwich.
 */

export { formatCredits, formatMoney };

const dateUtc = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const shortDayUtc = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const localDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeSeconds = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** A calendar date of a UTC-anchored instant (cycle starts and resets, run-out days). */
export const formatDate = (ms: number): string => dateUtc.format(ms);
/** A short day label for chart axes ("Nov 3"). */
export const formatDay = (ms: number): string => shortDayUtc.format(ms);
/** The local calendar day of a moment (when a referral signed up). */
export const formatLocalDate = (ms: number): string => localDate.format(ms);
/** A moment in the user's time zone (ledger entries, last sync). */
export const formatDateTime = (ms: number): string => dateTime.format(ms);
export const formatDateTimeSeconds = (ms: number): string => dateTimeSeconds.format(ms);
export const formatCount = (n: number): string => integer.format(n);
/** A share given as an integer numerator over a denominator, e.g. perMille over 1000. */
export const formatShare = (part: number, whole: number): string =>
  whole === 0 ? percent.format(0) : percent.format(part / whole);

/** Credits with an explicit sign for ledger amounts: "+2,000", "−5", "0". */
export const formatSignedCredits = (amount: number): string =>
  formatCredits(amount, { signDisplay: 'exceptZero' });

/** Credits with the unit word, singular only for exactly one credit. */
export const creditsLabel = (amount: number): string =>
  `${formatCredits(amount)} ${amount === 1000 || amount === -1000 ? 'credit' : 'credits'}`;

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** "3 minutes ago", "in 2 days": for last sync and run-out moments. */
export function formatRelative(ms: number, now: number = Date.now()): string {
  const diff = ms - now;
  for (const [unit, size] of UNITS) {
    if (Math.abs(diff) >= size || unit === 'second') return relative.format(Math.round(diff / size), unit);
  }
  return relative.format(0, 'second');
}

/**
 * A moment that has passed ("5 seconds ago"); a time slightly ahead of this clock (another
 * machine's) reads "now", never "in 5 seconds".
 */
export const formatAgo = (ms: number, now: number = Date.now()): string =>
  formatRelative(Math.min(ms, now), now);

/** Whole days from `from` to `to`, rounded down, for "runs out in N days". */
export const daysBetween = (from: number, to: number): number => Math.floor((to - from) / 86_400_000);

const grouped = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });

/**
 * Groups the long numbers of text written before display ("49999 characters" → "49,999 characters"),
 * so a stored price explanation reads like the figures around it. The stored text is never changed:
 * it is the record of how an entry was priced. Numbers inside words, ids and versions ("v2024-11",
 * "gpt-4o") are left alone; Intl receives the exact decimal string.
 */
export const groupNumbersInText = (text: string): string =>
  text.replace(/(?<![\w.,:/-])(\d{4,})(\.\d+)?(?![\w.,/-]*\w)/g, (whole: string) =>
    grouped.format(whole as unknown as number),
  );

/** An average in credits to one decimal (from integers: rounds millicredits to hundreds first). */
export const formatAverageCredits = (millicredits: number): string =>
  formatCredits(roundDiv(millicredits, 100) * 100);

const YEAR_MS = 365 * 86_400_000;

/**
 * When credits run out, as a manager should read it: a date more than a year ahead is only what the
 * recent rate would give if it never changed, so it says so instead of looking like a promise.
 */
export function runsOutWords(at: number | null, now: number, never: string): string {
  if (at === null) return never;
  if (at <= now) return 'Already out';
  if (at - now > YEAR_MS) return `${formatDate(at)} at this rate`;
  return formatDate(at);
}
