/**
 * The navigation labels, in order: every page of the console. The accessibility spec checks the
 * sidebar shows exactly these, so a new page cannot be left out of it.
 */
export const ROUTE_LABELS = [
  'Overview',
  'Usage analytics',
  'What-if',
  'Ledger',
  'Bundles',
  'Referrals',
  'Estimate',
  'Rate card',
  'Settings',
];
