import { ACTION_KINDS, actionSchema, type Action } from './actions';
import { describeValue, PricingError } from './errors';
import { issuePath } from '../error-text';

/**
 * Validates an untrusted action (API call, import row, helpdesk event) before pricing it.
 * @throws PricingError naming the first offending field: `unknown_kind` for a kind with no rule,
 *   `invalid_action` for anything else (negative or fractional counts, NaN, unexpected fields).
 */
export function parseAction(input: unknown): Action {
  const result = actionSchema.safeParse(input);
  if (result.success) return result.data;
  const kind = input !== null && typeof input === 'object' ? (input as { kind?: unknown }).kind : undefined;
  if (!(ACTION_KINDS as readonly unknown[]).includes(kind)) {
    throw new PricingError(
      'unknown_kind',
      'kind',
      `expected one of ${ACTION_KINDS.join(', ')}, got ${describeValue(kind)}`,
    );
  }
  const issue = result.error.issues[0]!;
  const field = issuePath(issue.path, 'action');
  const keys = 'keys' in issue && Array.isArray(issue.keys) ? ` (${issue.keys.join(', ')})` : '';
  throw new PricingError('invalid_action', field, `${issue.message}${keys}`);
}
