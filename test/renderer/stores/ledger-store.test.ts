import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError, type MethodOutput } from '../../../src-shared/api';
import { setApi } from '../../../src-renderer/src/api/current';
import { createLedgerStore } from '../../../src-renderer/src/features/ledger/ledger-store';
import { PAGE_SIZE } from '../../../src-renderer/src/features/ledger/ledger-pages';
import { usageRow as row } from '../ledger-rows';
import { deferred, fakeApi, settle } from './fake-api';

/** One answer of listLedger (named by the method, whatever its view type is called). */
type LedgerPage = MethodOutput<'listLedger'>;

const page = (offset: number, total: number, tag = ''): LedgerPage => ({
  total,
  offset,
  rows: Array.from({ length: Math.min(PAGE_SIZE, total - offset) }, (_, i) => row(`${tag}${offset + i}`)),
  totals: { inMillicredits: 0, outMillicredits: -total * 1000 },
});

/** listLedger answered by the test: each call waits until the test settles it. */
function heldLedger() {
  const held: {
    input: { offset: number; filter: unknown };
    answer: ReturnType<typeof deferred<LedgerPage>>;
  }[] = [];
  const fake = fakeApi({
    listLedger: (input) => {
      const answer = deferred<LedgerPage>();
      held.push({ input: input as { offset: number; filter: unknown }, answer });
      return answer.promise;
    },
  });
  setApi(fake.api);
  return { fake, held };
}

describe('ledger store', () => {
  let store: ReturnType<typeof createLedgerStore>;
  beforeEach(() => {
    store = createLedgerStore();
  });

  it('loads the first page and serves rows by index, with the total and totals', async () => {
    const { fake, held } = heldLedger();
    store.getState().load();
    expect(store.getState().status).toBe('loading');
    expect(fake.inputs('listLedger')).toEqual([{ filter: {}, sort: 'newest', offset: 0, limit: PAGE_SIZE }]);
    held[0]!.answer.resolve(page(0, 450));
    await settle();
    const state = store.getState();
    expect(state).toMatchObject({ status: 'ready', total: 450, error: null });
    expect(state.totals).toEqual({ inMillicredits: 0, outMillicredits: -450_000 });
    expect(state.rowAt(7)?.id).toBe('7');
    expect(state.rowAt(PAGE_SIZE)).toBeUndefined();
    // Loading again is a no-op once loaded.
    store.getState().load();
    expect(held).toHaveLength(1);
  });

  it('keeps at most two pages in flight and, after a fast scroll, asks only for where it stopped', async () => {
    const { fake, held } = heldLedger();
    store.getState().load();
    store.getState().want(10 * PAGE_SIZE, 11 * PAGE_SIZE + 5); // pages 10 and 11
    store.getState().want(25 * PAGE_SIZE, 25 * PAGE_SIZE + 5); // page 25
    expect(held.map((h) => h.input.offset)).toEqual([0, 10 * PAGE_SIZE]);
    held[0]!.answer.resolve(page(0, 10_000));
    await settle();
    // The slot freed by page 0 goes to page 25, where the table now is; page 11 is never asked for.
    expect(fake.inputs('listLedger').map((i) => i.offset)).toEqual([0, 10 * PAGE_SIZE, 25 * PAGE_SIZE]);
    held[2]!.answer.resolve(page(25 * PAGE_SIZE, 10_000));
    held[1]!.answer.resolve(page(10 * PAGE_SIZE, 10_000));
    await settle();
    expect(store.getState().rowAt(25 * PAGE_SIZE + 3)?.id).toBe(String(25 * PAGE_SIZE + 3));
    expect(fake.inputs('listLedger')).toHaveLength(3);
  });

  it('drops an answer for the previous filter and sends the filter without empty parts', async () => {
    const { held } = heldLedger();
    store.getState().load();
    store.getState().setFilter({ kinds: [], search: '  refund  ', buckets: ['bundle'] });
    expect(held[1]!.input.filter).toEqual({ search: 'refund', buckets: ['bundle'] });
    expect(store.getState()).toMatchObject({ status: 'loading', total: null });
    held[0]!.answer.resolve(page(0, 900, 'old-'));
    await settle();
    expect(store.getState()).toMatchObject({ status: 'loading', total: null });
    expect(store.getState().rowAt(0)).toBeUndefined();
    held[1]!.answer.resolve(page(0, 3, 'new-'));
    await settle();
    expect(store.getState()).toMatchObject({ status: 'ready', total: 3 });
    expect(store.getState().rowAt(0)?.id).toBe('new-0');
    store.getState().clearFilter();
    expect(held[2]!.input.filter).toEqual({});
  });

  it('shows a failed page as an error and fetches again on retry', async () => {
    const { held } = heldLedger();
    store.getState().load();
    held[0]!.answer.reject(
      new ApiError('unavailable', 'The ledger is still loading; try again in a moment.'),
    );
    await settle();
    expect(store.getState()).toMatchObject({
      status: 'error',
      error: 'The ledger is still loading; try again in a moment.',
    });
    // A failed page is not asked for again by itself: main is not hammered while it fails.
    await settle();
    expect(held).toHaveLength(1);
    store.getState().retry();
    expect(held).toHaveLength(2);
    held[1]!.answer.resolve(page(0, 5));
    await settle();
    expect(store.getState()).toMatchObject({ status: 'ready', error: null, total: 5 });
  });

  it('on a ledger change keeps the rows on screen while it refetches, and refreshes the selected row', async () => {
    const fresh = row('2', 'AI label (refunded)');
    let answer = 0;
    const gate = deferred<LedgerPage>();
    const fake = fakeApi({
      listLedger: async (input) => (answer++ === 0 ? page(input.offset ?? 0, 50) : gate.promise),
      getLedgerEntry: async () => fresh,
    });
    setApi(fake.api);
    store.getState().invalidate(); // idle: nothing shown, nothing to refresh
    expect(fake.calls).toHaveLength(0);
    store.getState().load();
    await settle();
    store.getState().select(store.getState().rowAt(2)!);
    store.getState().invalidate();
    await settle();
    expect(store.getState().rowAt(2)?.id).toBe('2');
    expect(store.getState().status).toBe('ready');
    expect(store.getState().selected).toBe(fresh);
    expect(fake.inputs('getLedgerEntry')).toEqual([{ id: '2' }]);
    gate.resolve(page(0, 51));
    await settle();
    expect(store.getState().total).toBe(51);
  });

  it('selects a row picked by index as soon as its page arrives', async () => {
    const { held } = heldLedger();
    store.getState().load();
    held[0]!.answer.resolve(page(0, 1000));
    await settle();
    store.getState().selectIndex(999);
    expect(store.getState().selected).toBeNull();
    expect(held.map((h) => h.input.offset)).toEqual([0]); // wanted still covers page 0 only
    store.getState().want(800, 999);
    held.at(-1)!.answer.resolve(page(800, 1000));
    await settle();
    expect(store.getState().selected?.id).toBe('999');
  });
});
