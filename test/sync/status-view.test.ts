import { describe, expect, test } from 'vitest';
import { toSyncStatusView, type SyncStatus } from '../../src-main/core/sync';

const base: SyncStatus = {
  state: 'online',
  online: true,
  streaming: true,
  pendingPush: 2,
  lastSyncAt: 1000,
  lastError: null,
  conflicts: 1,
  bootstrap: null,
};
const context = {
  endpoint: 'http://127.0.0.1:8787',
  tokenSet: true,
  hosting: { running: false, url: null, error: null },
};

describe('sync status for the renderer', () => {
  test('maps the live status', () => {
    expect(toSyncStatusView(base, context)).toEqual({
      state: 'online',
      endpoint: 'http://127.0.0.1:8787',
      tokenSet: true,
      hosting: context.hosting,
      waitingToPush: 2,
      lastSyncAt: 1000,
      lastError: null,
      conflicts: 1,
      needsAttention: [],
      bootstrap: null,
    });
  });

  test('a bootstrap under way is shown in words with its counts', () => {
    const view = toSyncStatusView(
      { ...base, bootstrap: { collection: 'ledger', done: 40_000, total: 1_000_000 } },
      context,
    );
    expect(view.bootstrap).toEqual({ what: 'ledger entries', done: 40_000, total: 1_000_000 });
  });

  test('a refused token is an error until a later exchange succeeds', () => {
    const refused = { ...base, lastError: { message: 'HTTP 401', status: 401, at: 2000 } };
    expect(toSyncStatusView(refused, context).state).toBe('error');
    expect(toSyncStatusView({ ...refused, lastSyncAt: 3000 }, context).state).toBe('online');
    const offline = {
      ...base,
      state: 'offline' as const,
      online: false,
      lastError: { message: 'unreachable', status: 0, at: 2000 },
    };
    expect(toSyncStatusView(offline, context)).toMatchObject({ state: 'offline', lastError: 'unreachable' });
  });

  test('no sync, or stopped, is disabled', () => {
    expect(toSyncStatusView(null, { ...context, tokenSet: false }).state).toBe('disabled');
    expect(toSyncStatusView({ ...base, state: 'stopped' }, context).state).toBe('disabled');
  });
});
