import { describe, expect, test } from 'vitest';
import { SYNCED_COLLECTION_NAMES } from '../../src-shared/db/collections';
import { syncSteps } from '../../src-main/core/sync/sync-words';

describe('sync steps in the user’s words', () => {
  test('every synced collection has plain words for each step, never a route or collection id', () => {
    for (const name of SYNCED_COLLECTION_NAMES) {
      const steps = syncSteps(name);
      for (const words of Object.values(steps)) {
        expect(words).toMatch(/^[A-Z][a-z]+ /);
        expect(words).not.toMatch(/\b(pull|push|stream|ratecards)\b/);
      }
    }
    expect(syncSteps('alerts').fetching).toBe('Fetching alerts from the team');
    expect(syncSteps('ledger').sending).toBe('Sending ledger entries to the team');
  });
});
