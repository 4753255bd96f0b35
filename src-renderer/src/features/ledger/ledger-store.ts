import { create } from 'zustand';
import type { LedgerFilter, LedgerRow, LedgerTotals } from '../../../../src-shared/api';
import { api } from '../../api/current';
import { messageOf } from '../../lib/errors';
import { onLiveEvent } from '../../stores/live-events';
import { LedgerPages, PAGE_SIZE } from './ledger-pages';

export type LedgerSort = 'newest' | 'oldest';

interface LedgerState {
  filter: LedgerFilter;
  sort: LedgerSort;
  /** Entries matching the filter; null until the first page answers. */
  total: number | null;
  /** Credits in and out over the entries matching the filter; null until main has the whole ledger. */
  totals: LedgerTotals | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  /** Bumps whenever rows arrive, so the table re-reads the cache. */
  tick: number;
  selected: LedgerRow | null;
  load(): void;
  setFilter(patch: Partial<LedgerFilter>): void;
  clearFilter(): void;
  setSort(sort: LedgerSort): void;
  /** The table's visible (plus overscan) index range; missing pages are fetched. */
  want(start: number, end: number): void;
  rowAt(index: number): LedgerRow | undefined;
  select(row: LedgerRow | null): void;
  /** Selects the row at an index, as soon as its page has arrived (keyboard End, then Enter). */
  selectIndex(index: number): void;
  /** From the ledgerChanged event: totals and offsets may have moved. */
  invalidate(): void;
  retry(): void;
}

/** At most this many listLedger calls at once: a fast scroll asks only for where it stops. */
const MAX_INFLIGHT = 2;

/** Drops empty arrays and undefined bounds so an unfiltered call is `{}`. */
function normalise(filter: LedgerFilter): LedgerFilter {
  const out: LedgerFilter = {};
  if (filter.kinds?.length) out.kinds = filter.kinds;
  if (filter.actionKinds?.length) out.actionKinds = filter.actionKinds;
  if (filter.buckets?.length) out.buckets = filter.buckets;
  if (filter.machineIds?.length) out.machineIds = filter.machineIds;
  if (filter.from !== undefined) out.from = filter.from;
  if (filter.to !== undefined) out.to = filter.to;
  if (filter.search?.trim()) out.search = filter.search.trim();
  return out;
}

/** The ledger table: filter, sort, total and a paged, virtualized view of up to millions of rows. */
export const createLedgerStore = () =>
  create<LedgerState>()((set, get) => {
    const cache = new LedgerPages();
    let wanted = { start: 0, end: PAGE_SIZE - 1 };
    /** An index picked before its row was loaded. */
    let pendingPick: number | null = null;

    const pump = (): void => {
      const { filter, sort } = get();
      for (const page of cache.missing(wanted.start, wanted.end)) {
        if (cache.inflightCount >= MAX_INFLIGHT) return;
        const generation = cache.begin(page);
        api()
          .listLedger({ filter, sort, offset: page * PAGE_SIZE, limit: PAGE_SIZE })
          .then((result) => {
            if (!cache.complete(page, generation, result.rows, Math.floor(wanted.start / PAGE_SIZE))) return;
            set({
              total: result.total,
              totals: result.totals ?? null,
              status: 'ready',
              error: null,
              tick: get().tick + 1,
            });
            const picked = pendingPick === null ? undefined : cache.rowAt(pendingPick);
            if (picked) {
              pendingPick = null;
              set({ selected: picked });
            }
          })
          .catch((error: unknown) => {
            cache.fail(page, generation);
            if (generation === cache.generation) set({ status: 'error', error: messageOf(error) });
          })
          .finally(() => {
            if (get().status !== 'error') pump();
          });
      }
    };

    const restart = (keepRows: boolean): void => {
      pendingPick = null;
      if (keepRows) cache.invalidate();
      else {
        cache.clear();
        wanted = { start: 0, end: PAGE_SIZE - 1 };
        set({ total: null, totals: null, status: 'loading', error: null, tick: get().tick + 1 });
      }
      pump();
    };

    return {
      filter: {},
      sort: 'newest',
      total: null,
      totals: null,
      status: 'idle',
      error: null,
      tick: 0,
      selected: null,
      load: () => {
        if (get().status === 'idle') restart(false);
      },
      setFilter: (patch) => {
        set({ filter: normalise({ ...get().filter, ...patch }) });
        restart(false);
      },
      clearFilter: () => {
        set({ filter: {} });
        restart(false);
      },
      setSort: (sort) => {
        set({ sort });
        restart(false);
      },
      want: (start, end) => {
        wanted = { start, end };
        pump();
      },
      rowAt: (index) => cache.rowAt(index),
      select: (row) => {
        pendingPick = null;
        set({ selected: row });
      },
      selectIndex: (index) => {
        const row = cache.rowAt(index);
        pendingPick = row ? null : index;
        if (row) set({ selected: row });
        else pump();
      },
      invalidate: () => {
        if (get().status === 'idle') return;
        restart(true);
        const selected = get().selected;
        if (selected)
          api()
            .getLedgerEntry({ id: selected.id })
            .then((row) => {
              if (get().selected?.id === row.id) set({ selected: row });
            })
            .catch(() => undefined);
      },
      retry: () => restart(false),
    };
  });

export const useLedgerStore = createLedgerStore();
// A new entry shifts offsets and totals; a machine rename (in the settings document) relabels rows.
onLiveEvent('ledgerChanged', () => useLedgerStore.getState().invalidate());
onLiveEvent('settingsChanged', () => useLedgerStore.getState().invalidate());
