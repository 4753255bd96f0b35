import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError, type HostedTokenView, type SyncStatusView } from '../../../src-shared/api';
import { setApi } from '../../../src-renderer/src/api/current';
import { createSyncStore } from '../../../src-renderer/src/features/sync/sync-store';
import { deferred, fakeApi, settle } from './fake-api';

const status = (patch: Partial<SyncStatusView> = {}): SyncStatusView => ({
  state: 'disabled',
  endpoint: null,
  tokenSet: false,
  waitingToPush: 0,
  lastSyncAt: null,
  lastError: null,
  conflicts: 0,
  hosting: { running: false, url: null, error: null },
  needsAttention: [],
  ...patch,
});
const token = (id: string): HostedTokenView => ({
  id,
  label: `Laptop ${id}`,
  scope: 'admin',
  createdAt: 0,
  lastUsedAt: null,
  revokedAt: null,
  own: false,
});

describe('sync store', () => {
  let store: ReturnType<typeof createSyncStore>;
  beforeEach(() => {
    store = createSyncStore();
  });

  it('loads the status once and takes later ones from the syncStatus event', async () => {
    const fake = fakeApi({ getSyncStatus: async () => status() });
    setApi(fake.api);
    await store.getState().load();
    await store.getState().load();
    expect(fake.inputs('getSyncStatus')).toHaveLength(1);
    expect(store.getState().remote).toMatchObject({ status: 'ready', data: { state: 'disabled' } });
    store.getState().set(status({ state: 'online', endpoint: 'https://sync.example' }));
    expect(store.getState().remote.data?.state).toBe('online');
  });

  it('shows which command runs, then the status main answered', async () => {
    const answer = deferred<SyncStatusView>();
    const fake = fakeApi({ configureSync: () => answer.promise });
    setApi(fake.api);
    const done = store.getState().configure('https://sync.example', 'secret');
    expect(store.getState()).toMatchObject({ busy: 'configure', actionError: null });
    expect(fake.inputs('configureSync')).toEqual([{ endpoint: 'https://sync.example', token: 'secret' }]);
    answer.resolve(status({ state: 'connecting', endpoint: 'https://sync.example', tokenSet: true }));
    expect(await done).toBe(true);
    expect(store.getState()).toMatchObject({ busy: null, actionError: null });
    expect(store.getState().remote.data).toMatchObject({ state: 'connecting', tokenSet: true });
    // Without a token argument the stored token is kept: no token field is sent.
    await store.getState().configure(null);
    expect(fake.inputs('configureSync')[1]).toEqual({ endpoint: null });
  });

  it('shows a failed command as its message, keeps the status, and clears it on the next command', async () => {
    let fail = true;
    const fake = fakeApi({
      getSyncStatus: async () => status({ state: 'online' }),
      syncNow: async () => {
        if (fail)
          throw new ApiError('unavailable', 'The endpoint did not answer. Check the address and try again.');
        return status({ state: 'online', lastSyncAt: 5 });
      },
    });
    setApi(fake.api);
    await store.getState().load();
    await store.getState().syncNow();
    expect(store.getState()).toMatchObject({
      busy: null,
      actionError: 'The endpoint did not answer. Check the address and try again.',
    });
    expect(store.getState().remote.data?.state).toBe('online');
    fail = false;
    const next = store.getState().syncNow();
    expect(store.getState()).toMatchObject({ busy: 'sync', actionError: null });
    await next;
    expect(store.getState().remote.data?.lastSyncAt).toBe(5);
  });

  it('lists the hosted tokens when hosting starts and forgets invite and tokens when it stops', async () => {
    const fake = fakeApi({
      setHosting: async ({ enabled }) =>
        status({ hosting: { running: enabled, url: enabled ? 'http://127.0.0.1:8787' : null, error: null } }),
      listHostedTokens: async () => [token('t1')],
      createTeammateToken: async ({ label }) => ({
        token: `tok-${label}`,
        endpoint: 'http://127.0.0.1:8787',
      }),
    });
    setApi(fake.api);
    await store.getState().setHosting(true, 'lan');
    expect(fake.inputs('setHosting')).toEqual([{ enabled: true, reach: 'lan' }]);
    expect(store.getState().tokens).toMatchObject({ status: 'ready', data: [{ id: 't1' }] });
    await store.getState().createTeammateToken('Dana', 'viewer');
    expect(store.getState().invite).toEqual({
      label: 'Dana',
      token: 'tok-Dana',
      endpoint: 'http://127.0.0.1:8787',
      scope: 'viewer',
    });
    expect(fake.inputs('listHostedTokens')).toHaveLength(2);
    await store.getState().setHosting(false);
    expect(fake.inputs('setHosting')[1]).toEqual({ enabled: false });
    expect(store.getState()).toMatchObject({ invite: null, tokens: { status: 'idle' } });
  });

  it('reloads the token list after a failed invite or revoke, with the error shown', async () => {
    const fake = fakeApi({
      listHostedTokens: async () => [token('t1'), token('t2')],
      createTeammateToken: async () => {
        throw new ApiError('unavailable', 'Start hosting first.');
      },
      revokeHostedToken: async () => {
        throw new ApiError('not_found', 'No such token.');
      },
    });
    setApi(fake.api);
    await store.getState().createTeammateToken('Dana', 'admin');
    expect(store.getState()).toMatchObject({ busy: null, invite: null, actionError: 'Start hosting first.' });
    expect(store.getState().tokens.data).toHaveLength(2);
    await store.getState().revokeToken('t2');
    expect(store.getState()).toMatchObject({ busy: null, actionError: 'No such token.' });
    expect(fake.inputs('revokeHostedToken')).toEqual([{ id: 't2' }]);
    expect(fake.inputs('listHostedTokens')).toHaveLength(2);
    await settle();
  });
});
