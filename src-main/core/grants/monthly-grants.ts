/** The monthly-grant rule lives in src-shared so the endpoint checks pushed grants by the same rule. */
export { monthlyGrantsDue, MAX_BACKFILL_CYCLES } from '../../../src-shared/ledger/monthly-plan';
