import { toDecimalString } from '../units';
import type { Action } from '../pricing/actions';
import { DEFAULT_RATE_CARD } from '../pricing/default-rate-card';
import { priceAction } from '../pricing/price-action';
import type { RateCard } from '../pricing/rate-card';
import type { Balance } from './balance';
import { cycleFor, isoDate } from './cycles';

/** What the chatbot tells end users when the workspace is out of credits (help page, "Credit overages"). */
export const TRY_AGAIN_LATER_MESSAGE =
  "Sorry, the AI assistant can't answer right now. Please try again later.";

export type Remedy = 'upgrade' | 'buy_bundle' | 'wait_for_reset';

interface Priced {
  /** The action's price, millicredits. */
  millicredits: number;
  ruleId: string;
  explanation: string;
  rateCardVersion: string;
  /** When the cycle resets and monthly credits arrive again; null when no anchor day is known. */
  resetAt: number | null;
}

export interface Allowed extends Priced {
  allowed: true;
  /** The balance total after the action. */
  totalAfter: number;
  message: null;
}

export interface Denied extends Priced {
  allowed: false;
  reason: 'out_of_credits';
  /** How much more the action needs than the balance holds. */
  shortfall: number;
  /** For end users: the chatbot's "try again later". */
  message: string;
  /** For the workspace's admins: why, until when, and what helps. */
  adminMessage: string;
  remedies: Remedy[];
}

export type Authorization = Allowed | Denied;

export interface AuthorizeOptions {
  /** Names the reset date when the balance was computed without one. */
  anchorDay?: number;
  /** Replaces the end-user message (a workspace may word it its own way). */
  message?: string;
}

/**
 * May this action run now? It may when the balance covers its whole price, so an action is never
 * started knowing it would overdraw; a free action (an empty document) always may. Otherwise it is
 * denied with the chatbot's "try again later" and the moment the cycle resets. The balance should
 * be current (computed at the time of asking).
 *
 * @throws PricingError when the action cannot be priced (unknown kind or model, invalid counts):
 *   an action that cannot be priced is an error to surface, not a free pass.
 */
export function authorize(
  action: Action,
  balance: Balance,
  card: RateCard = DEFAULT_RATE_CARD,
  options: AuthorizeOptions = {},
): Authorization {
  const price = priceAction(action, card);
  const resetAt =
    balance.cycle?.end ??
    (options.anchorDay === undefined ? null : cycleFor(options.anchorDay, balance.at).end);
  const priced: Priced = { ...price, resetAt };
  if (price.millicredits === 0 || balance.total >= price.millicredits) {
    return { ...priced, allowed: true, totalAfter: balance.total - price.millicredits, message: null };
  }
  const shortfall = price.millicredits - balance.total;
  const left = balance.total > 0 ? `${toDecimalString(balance.total)} left` : 'none left';
  const reset = resetAt === null ? 'the next cycle' : `${isoDate(resetAt)} (UTC)`;
  return {
    ...priced,
    allowed: false,
    reason: 'out_of_credits',
    shortfall,
    message: options.message ?? TRY_AGAIN_LATER_MESSAGE,
    adminMessage:
      `Out of AI credits: this action needs ${toDecimalString(price.millicredits)} credits and there are ${left}. ` +
      `Monthly credits reset on ${reset}; upgrade the plan or buy a bundle to continue sooner.`,
    remedies: ['upgrade', 'buy_bundle', 'wait_for_reset'],
  };
}
