import { expect, test } from 'vitest';
import { StatusTracker } from '../../src-main/core/sync/status';

test('of several bootstraps at once the status shows the largest, then the next, then none', () => {
  const tracker = new StatusTracker();
  tracker.setBootstrap('referrals', { done: 0, total: 25 });
  tracker.setBootstrap('ledger', { done: 0, total: 1_000_000 });
  tracker.setBootstrap('referrals', { done: 20, total: 25 });
  expect(tracker.current.bootstrap).toEqual({ collection: 'ledger', done: 0, total: 1_000_000 });
  tracker.setBootstrap('ledger', { done: 40_000, total: 1_000_000 });
  expect(tracker.current.bootstrap).toEqual({ collection: 'ledger', done: 40_000, total: 1_000_000 });
  tracker.setBootstrap('ledger', null);
  expect(tracker.current.bootstrap).toEqual({ collection: 'referrals', done: 20, total: 25 });
  tracker.setBootstrap('referrals', null);
  expect(tracker.current.bootstrap).toBeNull();
});
