import type { CreditdeskApi } from '../../../src-shared/api';

let current: CreditdeskApi | null = null;

/**
 * Installs the API object the stores and pages call: the bridge does it at start-up, a unit test
 * with a fake of its own. Stores ask for it on every call (never keep it), so a test can swap it.
 */
export function setApi(next: CreditdeskApi): void {
  current = next;
}

/** The API object installed by setApi. */
export function api(): CreditdeskApi {
  if (!current)
    throw new Error('No API is installed yet: main.tsx imports the bridge before anything calls main.');
  return current;
}
