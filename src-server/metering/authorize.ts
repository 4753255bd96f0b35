import { authorize, type Authorization, type LedgerBook } from '../../src-shared/ledger';
import { completeAction, usageRequestSchema } from '../../src-shared/api/usage-request';
import { badRequest } from '../errors';
import { priced } from './usage-event';
import type { TeamPricing } from './team-state';
import { describeIssues } from '../../src-shared/error-text';

export type AuthorizeAnswer = Authorization & { balanceMillicredits: number };

/** May this action run now, from the team's balance at `at`? Denials carry the chatbot's "try again later". */
export function decideAuthorization(
  book: LedgerBook,
  rawAction: unknown,
  pricing: TeamPricing,
  at: number,
): AuthorizeAnswer {
  const request = usageRequestSchema.safeParse(rawAction);
  if (!request.success) {
    throw badRequest(`authorize: action: ${describeIssues(request.error.issues, 'action')}`);
  }
  const balance = book.balanceAt(at);
  const action = completeAction(request.data, pricing.defaults);
  const answer = priced(() => authorize(action, balance, pricing.card, { anchorDay: book.anchorDay }));
  return { ...answer, balanceMillicredits: balance.total };
}
