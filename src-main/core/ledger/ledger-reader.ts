import {
  getChangedDocumentsSince,
  normalizeMangoQuery,
  prepareQuery,
  type PreparedQuery,
  type RxCollection,
  type RxDocumentData,
} from 'rxdb';
import type { LedgerDoc } from '../../../src-shared/db/collections';
import { MAX_TIME, type LedgerEntry } from '../../../src-shared/ledger';
import { trustedEntry } from './trusted-doc';

/**
 * Bulk reads of the ledger collection straight from the storage instance, for loading the book:
 * RxDocument objects and a zod parse per entry would cost more than the read itself (see
 * trusted-doc.ts for why skipping validation is sound here).
 */

/**
 * A point in the storage's write order: RxDB stamps each written document with `_meta.lwt`, and
 * documents of one bulk write share it, so the id breaks ties (the order of its changes feed).
 */
export interface WritePosition {
  lwt: number;
  id: string;
}

export const NO_WRITES: WritePosition = { lwt: 0, id: '' };

/** Whether `a` comes after `b` in write order. */
export function writtenAfter(a: WritePosition, b: WritePosition): boolean {
  return a.lwt !== b.lwt ? a.lwt > b.lwt : a.id > b.id;
}

export interface RawBatch {
  /** Entries in (occurredAt, id) order. */
  entries: LedgerEntry[];
  /** The latest write among them; NO_WRITES for none. */
  latest: WritePosition;
}

type Collection = RxCollection<LedgerDoc>;

/** The bulk-read path of our SQLite storage instance (RxStorageInstanceSqlite.scan). */
interface Scanner {
  scan(prepared: PreparedQuery<LedgerDoc>, visit: (doc: RxDocumentData<LedgerDoc>) => void): number;
}

/**
 * Entries with from ≤ occurredAt < to (to may be Infinity), in replay order. With `each`, every
 * entry goes to it as it is read and the batch's `entries` stay empty: a bulk load then keeps no
 * window of entries alive, so nothing of the read outlives a young-generation collection.
 */
export async function readRange(
  collection: Collection,
  from: number,
  to: number,
  each?: (entry: LedgerEntry) => void,
): Promise<RawBatch> {
  const occurredAt = to === Infinity ? { $gte: from } : { $gte: from, $lt: to };
  // Prepared without an RxQuery: a load asks for hundreds of windows, and each RxQuery stays in the
  // collection's query cache until RxDB's idle cleanup (the same plan RxQuery would give).
  const schema = collection.schema.jsonSchema;
  const query = normalizeMangoQuery<LedgerDoc>(schema, {
    selector: { occurredAt },
    sort: [{ occurredAt: 'asc' }, { id: 'asc' }],
  });
  query.selector = { ...query.selector, _deleted: { $eq: false } } as typeof query.selector;
  query.index?.unshift('_deleted');
  const prepared = prepareQuery<LedgerDoc>(schema, query);
  const entries: LedgerEntry[] = [];
  let latest = NO_WRITES;
  const take = (doc: RxDocumentData<LedgerDoc>) => {
    const lwt = doc._meta.lwt;
    if (lwt > latest.lwt || (lwt === latest.lwt && doc.id > latest.id)) latest = { lwt, id: doc.id };
    const entry = trustedEntry(doc as unknown as Record<string, unknown>);
    if (each) each(entry);
    else entries.push(entry);
  };
  // Our SQLite storage hands documents over one by one as it reads them (see scanQuery): only the
  // small entries outlive the read. Another storage (tests, a wrapper) answers with one array.
  // RxDB wraps every collection's instance (write hooks); reads may go to the one it wraps.
  const wrapper = collection.storageInstance as unknown as { originalStorageInstance?: Partial<Scanner> };
  const instance = wrapper.originalStorageInstance ?? (wrapper as Partial<Scanner>);
  if (typeof instance.scan === 'function') instance.scan(prepared, take);
  else for (const doc of (await collection.storageInstance.query(prepared)).documents) take(doc);
  return { entries, latest };
}

/** The earliest occurredAt at or after `from`, or null: one index seek. */
async function firstTimeFrom(collection: Collection, from: number): Promise<number | null> {
  const doc = await collection
    .findOne({ selector: { occurredAt: { $gte: from } }, sort: [{ occurredAt: 'asc' }] })
    .exec();
  return doc ? doc.occurredAt : null;
}

/**
 * The newest occurredAt, by bisection over index seeks. A descending sort is not served by the
 * storage's indexes: it would read and sort every document of the ledger (at a million entries,
 * most of a load's time and a gigabyte of heap).
 */
async function newestTime(collection: Collection, oldest: number): Promise<number> {
  let lo = oldest;
  let hi = MAX_TIME;
  while (lo < hi) {
    const mid = lo + Math.ceil((hi - lo) / 2);
    if ((await firstTimeFrom(collection, mid)) === null) hi = mid - 1;
    else lo = mid;
  }
  return lo;
}

export interface ChunkOptions {
  /** Entries to aim for per read; one read blocks the thread for about this many documents. */
  chunk: number;
  /** Awaited between reads: lets other work run during a background load. */
  pause: () => Promise<void>;
  /** Checked between reads: stops early (the caller discards what was read). */
  stopped: () => boolean;
  /** Told how many entries the collection holds before the first read (to size what they go into). */
  sized?: (total: number) => void;
  /** Gets every entry as it is read (see readRange); batches then come without entries. */
  each?: (entry: LedgerEntry) => void;
}

/**
 * Reads the whole ledger, oldest first, in time windows of about `chunk` entries. The storage reads
 * synchronously, so a million entries in one query would freeze the process for seconds; windows
 * are sized from the entries the previous one held. A window never splits one instant, so
 * entries sharing a time stay together, and windows tile [oldest, newest] with no gap.
 * Entries written while this runs may or may not be included: callers add those separately.
 */
export async function readAllInChunks(
  collection: Collection,
  onBatch: (batch: RawBatch) => void,
  options: ChunkOptions,
): Promise<void> {
  const oldest = await firstTimeFrom(collection, 0);
  if (oldest === null) return;
  const newest = await newestTime(collection, oldest);
  const total = await collection.count().exec();
  options.sized?.(total);
  const span = newest - oldest + 1;
  let width = Math.max(1, Math.floor((span * options.chunk) / Math.max(1, total)));
  for (let from = oldest; from <= newest;) {
    if (options.stopped()) return;
    const to = Math.min(from + width, newest + 1);
    let n = 0;
    const each = options.each;
    const batch = await readRange(
      collection,
      from,
      to,
      each &&
        ((entry) => {
          n++;
          each(entry);
        }),
    );
    onBatch(batch);
    if (!each) n = batch.entries.length;
    const scaled = n === 0 ? width * 4 : (width * options.chunk) / n;
    width = Math.max(1, Math.floor(Math.min(width * 4, Math.max(width / 4, scaled))));
    from = to;
    await options.pause();
  }
}

/**
 * The earliest occurredAt among documents written after `since`, Infinity when none was; null when
 * more than `limit` were, which is not worth scanning at start-up. Updated and deleted documents
 * count too: that is what the count of a checkpoint cannot see.
 */
export async function earliestChangeSince(
  collection: Collection,
  since: WritePosition,
  limit: number,
): Promise<number | null> {
  let checkpoint = { id: since.id, lwt: since.lwt };
  let seen = 0;
  let earliest = Infinity;
  const page = Math.min(1000, limit + 1);
  for (;;) {
    const { documents, checkpoint: next } = await getChangedDocumentsSince(
      collection.storageInstance,
      page,
      checkpoint,
    );
    for (const doc of documents) if (doc.occurredAt < earliest) earliest = doc.occurredAt;
    seen += documents.length;
    if (seen > limit) return null;
    if (documents.length < page) return earliest;
    checkpoint = next as { id: string; lwt: number };
  }
}
