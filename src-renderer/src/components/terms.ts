/** The console's own words, one sentence each: shown in "?" and next to the term where it appears. */
export const TERMS = {
  overdraft: {
    name: 'Overdraft',
    sentence:
      'A balance below zero: usage is still recorded when the credits run out, and AI actions wait until credits are added or the cycle resets.',
  },
  bucket: {
    name: 'Bucket',
    sentence:
      'Where credits come from: monthly (the tier, expire at the cycle end), bundle (bought, never expire), referral or manual; usage spends the bucket that expires soonest first.',
  },
  runway: {
    name: 'Runway',
    sentence:
      'How long the credits last at the recent rate of use; a date years away means "not soon at this rate".',
  },
  cycle: {
    name: 'Cycle',
    sentence:
      'One billing period, from the billing day to the day before the next one; the tier’s monthly credits are granted at its start.',
  },
} as const;

export type TermKey = keyof typeof TERMS;
