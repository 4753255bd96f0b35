import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';

/** A fresh random token for one run of the web host. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
export function tokensMatch(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
