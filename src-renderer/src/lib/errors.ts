import { ApiError } from '../../../src-shared/api';

/**
 * The message a person sees for a failed call. Main's messages already say what is wrong; for a
 * lost connection or an unexpected failure this adds what to do next.
 */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'unavailable') return error.message;
    if (error.code === 'internal')
      return `${error.message}. Try again; if it keeps failing, restart Creditdesk.`;
    if (error.issues?.length) return error.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
