/**
 * Change events. One Subject per collection table is shared by every open instance of that collection
 * in this process (the file's exclusive lock rules out other processes), so a write through one instance
 * is seen by all. bulkWrite emits after its transaction commits and before its promise resolves: RxDB
 * relies on that order to update queries and documents before the caller continues.
 */
import type { Observable } from 'rxjs';
import { takeUntil, type Subject } from 'rxjs';
import type { CollectionTable } from './collection-table';
import type { ChangeBulk } from './rxdb-types';

export function emitChanges(table: CollectionTable, bulk: ChangeBulk | undefined): void {
  if (bulk && bulk.events.length > 0) table.changes.next(bulk);
}

/** The instance's view of the shared stream; it completes when that instance closes. */
export function instanceChanges(table: CollectionTable, closed: Subject<void>): Observable<ChangeBulk> {
  return (table.changes as Subject<ChangeBulk>).pipe(takeUntil(closed));
}
