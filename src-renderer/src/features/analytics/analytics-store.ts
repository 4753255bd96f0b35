import { create } from 'zustand';
import type { AnalyticsView } from '../../../../src-shared/api';
import { api } from '../../api/current';
import { refreshOn } from '../../stores/live-events';
import { coalesce, idle, type Remote } from '../../lib/remote';
import { messageOf } from '../../lib/errors';
import { DAY_MS, startOfUtcDay } from '../../lib/dates';

export type RangePreset = 7 | 30 | 90 | 365 | 'custom';

export interface DateRange {
  preset: RangePreset;
  /** Inclusive, UTC midnight. */
  from: number;
  /** Exclusive, UTC midnight. */
  to: number;
}

/** The last `days` whole UTC days including today. */
export function presetRange(days: Exclude<RangePreset, 'custom'>, now = Date.now()): DateRange {
  const to = startOfUtcDay(now) + DAY_MS;
  return { preset: days, from: to - days * DAY_MS, to };
}

interface AnalyticsState {
  range: DateRange;
  remote: Remote<AnalyticsView>;
  load(): Promise<void>;
  refresh(): Promise<void>;
  setRange(range: DateRange): void;
}

/** Usage per day, per cycle, by bucket and top cost drivers for the picked date range. */
export const useAnalyticsStore = create<AnalyticsState>()((set, get) => {
  const refresh = coalesce(async () => {
    const { range, remote } = get();
    if (remote.status !== 'ready') set({ remote: { status: 'loading', data: remote.data, error: null } });
    try {
      const view = await api().getAnalytics({ from: range.from, to: range.to });
      // A newer range may have been picked while this one was in flight; coalesce runs again for it.
      if (get().range === range) set({ remote: { status: 'ready', data: view, error: null } });
    } catch (error) {
      set({ remote: { status: 'error', data: get().remote.data, error: messageOf(error) } });
    }
  });
  return {
    range: presetRange(90),
    remote: idle(),
    load: async () => {
      if (get().remote.status === 'idle') await refresh();
    },
    refresh,
    setRange: (range) => {
      set({ range, remote: { status: 'loading', data: get().remote.data, error: null } });
      void refresh();
    },
  };
});
refreshOn(['ledgerChanged', 'settingsChanged'], useAnalyticsStore);
