import { messageOf } from './errors';

/** The state of data fetched from main, shared by every store so pages render the same three states. */
export type Remote<T> =
  | { status: 'idle'; data: null; error: null }
  | { status: 'loading'; data: T | null; error: null }
  | { status: 'ready'; data: T; error: null }
  | { status: 'error'; data: T | null; error: string };

export const idle = <T>(): Remote<T> => ({ status: 'idle', data: null, error: null });

/**
 * Runs `fetch` so that overlapping refreshes collapse: while one is in flight, further requests mark
 * it dirty and one more run follows. Live events can arrive in bursts (an import, a sync pull) and
 * each would otherwise start its own round trip.
 */
export function coalesce(fetch: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await fetch();
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  };
  return run;
}

/**
 * A store's coalesced refresh of one Remote field: keeps what is shown while the answer is on its
 * way (no flash of "loading" once ready) and keeps the last data beside an error.
 */
export function refreshInto<K extends string, T>(
  get: () => Record<K, Remote<T>>,
  set: (patch: Record<K, Remote<T>>) => void,
  key: K,
  fetch: () => Promise<T>,
): () => Promise<void> {
  const put = (remote: Remote<T>) => set({ [key]: remote } as Record<K, Remote<T>>);
  return coalesce(async () => {
    const before = get()[key];
    if (before.status !== 'ready') put({ status: 'loading', data: before.data, error: null });
    try {
      put({ status: 'ready', data: await fetch(), error: null });
    } catch (error) {
      put({ status: 'error', data: get()[key].data, error: messageOf(error) });
    }
  });
}
