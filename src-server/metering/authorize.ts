import { parseAction, priceAction, PricingError, type RateCard } from '../../src-shared/pricing';
import type { LedgerEntry } from '../../src-shared/ledger/entry';
import { UsageEventError } from './usage-event';

export const OUT_OF_CREDITS_MESSAGE = 'AI credits have run out for this workspace. Please try again later.';

export interface AuthorizeAnswer {
  allowed: boolean;
  costMillicredits: number;
  balanceMillicredits: number;
  rateCardVersion: string;
  /** For end users when the action may not run. */
  message?: string;
}

/** Interim balance until the shared ledger engine lands: unexpired grants minus usage. */
function balanceAt(entries: LedgerEntry[], at: number): number {
  let total = 0;
  for (const e of entries) {
    if (e.occurredAt > at) continue;
    if ('expiresAt' in e && e.expiresAt !== null && e.expiresAt <= at) continue;
    total += e.amount;
  }
  return total;
}

export function decideAuthorization(
  entries: LedgerEntry[],
  rawAction: unknown,
  card: RateCard,
  at: number,
): AuthorizeAnswer {
  let quote;
  try {
    quote = priceAction(parseAction(rawAction), card);
  } catch (error) {
    if (error instanceof PricingError) throw new UsageEventError(`action: ${error.message}`);
    throw error;
  }
  const balance = balanceAt(entries, at);
  const allowed = balance >= quote.millicredits;
  return {
    allowed,
    costMillicredits: quote.millicredits,
    balanceMillicredits: balance,
    rateCardVersion: quote.rateCardVersion,
    ...(allowed ? {} : { message: OUT_OF_CREDITS_MESSAGE }),
  };
}
