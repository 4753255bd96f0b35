import { describe, expect, it } from 'vitest';
import { EVENT_NAMES } from '../../../src-shared/api';
import { setApi } from '../../../src-renderer/src/api/current';
import { connectLiveEvents, onLiveEvent, refreshOn } from '../../../src-renderer/src/stores/live-events';
import { createResource } from '../../../src-renderer/src/stores/resource';
import { fakeApi, settle } from './fake-api';

describe('live events router', () => {
  it('listens to every event once and hands each to the handlers registered for it, until disconnected', () => {
    const fake = fakeApi({});
    setApi(fake.api);
    const seen: string[] = [];
    onLiveEvent('referralsChanged', ({ count }) => seen.push(`a${count}`));
    onLiveEvent('referralsChanged', ({ count }) => seen.push(`b${count}`));
    const off = connectLiveEvents();
    for (const event of EVENT_NAMES) expect(fake.listenerCount(event)).toBe(1);
    fake.emit('referralsChanged', { count: 3 });
    expect(seen).toEqual(['a3', 'b3']);
    off();
    fake.emit('referralsChanged', { count: 4 });
    expect(seen).toEqual(['a3', 'b3']);
    for (const event of EVENT_NAMES) expect(fake.listenerCount(event)).toBe(0);
  });

  it('refreshes a store on its events only once a page has loaded it', async () => {
    let fetched = 0;
    const fake = fakeApi({});
    setApi(fake.api);
    const store = createResource(async () => ++fetched);
    refreshOn(['balanceChanged'], store);
    const off = connectLiveEvents(fake.api);
    fake.emit('balanceChanged', {} as never);
    await settle();
    expect(fetched).toBe(0);
    await store.getState().load();
    fake.emit('balanceChanged', {} as never);
    await settle();
    expect(fetched).toBe(2);
    expect(store.getState().remote).toMatchObject({ status: 'ready', data: 2 });
    off();
  });
});
