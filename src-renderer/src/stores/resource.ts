import { create, type StoreApi, type UseBoundStore } from 'zustand';
import { idle, refreshInto, type Remote } from '../lib/remote';

export interface ResourceState<T> {
  remote: Remote<T>;
  /** Loads once; later calls are no-ops until the data is invalidated by an event. */
  load(): Promise<void>;
  /** Fetches again, keeping what is shown until the answer arrives (no flash of "loading"). */
  refresh(): Promise<void>;
  /** Replaces the data with a value main pushed in an event. */
  set(data: T): void;
}

export type ResourceStore<T> = UseBoundStore<StoreApi<ResourceState<T>>>;

/** A store for one piece of data main serves without arguments (overview, settings, rate card ...). */
export function createResource<T>(fetch: () => Promise<T>): ResourceStore<T> {
  return create<ResourceState<T>>()((set, get) => {
    const refresh = refreshInto(get, set, 'remote', fetch);
    return {
      remote: idle<T>(),
      load: async () => {
        if (get().remote.status === 'idle') await refresh();
      },
      refresh,
      set: (data) => set({ remote: { status: 'ready', data, error: null } }),
    };
  });
}
