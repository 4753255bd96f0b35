import { filter, mergeMap, type Observable } from 'rxjs';
import type { RxCollection, RxStorageChangeEvent } from 'rxdb';

/**
 * A collection's document changes, as `collection.$` gives them but without its cache: RxDB 17 keeps
 * every event bulk that passed through `$` in a module-level Map (rx-change-event.ts,
 * EVENT_BULK_CACHE) for the life of the process, about 2 KB per ledger entry written — the web-host
 * soak showed the heap growing with every write. The raw storage events carry the same fields.
 */
export function documentChanges<T>(collection: RxCollection<T>): Observable<RxStorageChangeEvent<T>> {
  return collection.eventBulks$.pipe(
    filter((bulk) => !bulk.isLocal),
    mergeMap((bulk) => bulk.events as RxStorageChangeEvent<T>[]),
  );
}
