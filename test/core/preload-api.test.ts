import { describe, expect, it } from 'vitest';
import { buildPreloadApi } from '../../src-main/core/api/preload-api';
import {
  methods,
  METHOD_NAMES,
  EVENT_NAMES,
  LOCAL_HELPERS,
  PRELOAD_METHOD_NAMES,
  subscriberName,
  methodChannel,
  EVENT_CHANNEL,
  ApiError,
} from '../../src-shared/api';

function fakeIpc() {
  const calls: [string, unknown][] = [];
  const handlers: ((e: unknown, m: unknown) => void)[] = [];
  let reply: unknown = { ok: true, value: 'fine' };
  return {
    calls,
    emit: (message: unknown) => handlers.forEach((h) => h({}, message)),
    setReply: (r: unknown) => (reply = r),
    ipc: {
      invoke: async (channel: string, input: unknown) => {
        calls.push([channel, input]);
        return reply;
      },
      on: (channel: string, listener: (e: unknown, m: unknown) => void) => {
        expect(channel).toBe(EVENT_CHANNEL);
        handlers.push(listener);
      },
    },
  };
}

describe('the preload object', () => {
  it('lists exactly the contract: methods, event subscribers and the one local helper', () => {
    expect([...PRELOAD_METHOD_NAMES].sort()).toEqual(Object.keys(methods).sort());
    const api = buildPreloadApi(fakeIpc().ipc, () => '/x');
    const expected = [...METHOD_NAMES, ...EVENT_NAMES.map(subscriberName), ...LOCAL_HELPERS].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    expect(Object.isFrozen(api)).toBe(true);
    for (const forbidden of ['invoke', 'send', 'ipcRenderer', 'process', 'require'])
      expect(api).not.toHaveProperty(forbidden);
  });

  it('sends each method on its own channel and unwraps errors', async () => {
    const fake = fakeIpc();
    const api = buildPreloadApi(fake.ipc, () => '/x') as Record<string, (i: unknown) => Promise<unknown>>;
    await expect(api.getOverview!({})).resolves.toBe('fine');
    expect(fake.calls[0]).toEqual([methodChannel('getOverview'), {}]);
    fake.setReply({ ok: false, error: { code: 'conflict', message: 'already reversed' } });
    const error = await api.recordReversal!({ usageId: 'u', reason: 'r' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'conflict', message: 'already reversed' });
  });

  it('delivers events only to their own subscribers and lets them unsubscribe', () => {
    const fake = fakeIpc();
    const api = buildPreloadApi(fake.ipc, () => '/x') as Record<
      string,
      (l: (p: unknown) => void) => () => void
    >;
    const got: unknown[] = [];
    const off = api.onBalanceChanged!((p) => got.push(p));
    fake.emit({ event: 'balanceChanged', payload: 1 });
    fake.emit({ event: 'ledgerChanged', payload: 2 });
    fake.emit(null);
    off();
    fake.emit({ event: 'balanceChanged', payload: 3 });
    expect(got).toEqual([1]);
  });
});
