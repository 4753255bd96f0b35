import { ApiError } from '../../../src-shared/api';
import { describeIssues, errorMessage } from '../../../src-shared/error-text';

/**
 * The message a person sees for a failed call. Main's messages already say what is wrong; for a
 * lost connection or an unexpected failure this adds what to do next.
 */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'unavailable') return error.message;
    if (error.code === 'internal')
      return `${error.message}. Try again; if it keeps failing, restart Creditdesk.`;
    if (error.issues?.length) return describeIssues(error.issues, '');
    return error.message;
  }
  return errorMessage(error);
}
