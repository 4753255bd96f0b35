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
