import { getChangedDocumentsSince, type RxCollection } from 'rxdb';
import type { LedgerDoc } from '../../../src-shared/db/collections';
import type { LedgerEntry } from '../../../src-shared/ledger';
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

/** Entries with from ≤ occurredAt < to (to may be Infinity), in replay order. */
export async function readRange(collection: Collection, from: number, to: number): Promise<RawBatch> {
  const occurredAt = to === Infinity ? { $gte: from } : { $gte: from, $lt: to };
  const prepared = collection
    .find({ selector: { occurredAt }, sort: [{ occurredAt: 'asc' }, { id: 'asc' }] })
    .getPreparedQuery();
  const { documents } = await collection.storageInstance.query(prepared);
  const entries = new Array<LedgerEntry>(documents.length);
  let latest = NO_WRITES;
  for (let i = 0; i < documents.length; i++) {
    const doc = documents[i]!;
    const lwt = doc._meta.lwt;
    if (lwt > latest.lwt || (lwt === latest.lwt && doc.id > latest.id)) latest = { lwt, id: doc.id };
    entries[i] = trustedEntry(doc as unknown as Record<string, unknown>);
  }
  return { entries, latest };
}

async function edgeTime(collection: Collection, direction: 'asc' | 'desc'): Promise<number | null> {
  const doc = await collection.findOne({ selector: {}, sort: [{ occurredAt: direction }] }).exec();
  return doc ? doc.occurredAt : null;
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
  const oldest = await edgeTime(collection, 'asc');
  if (oldest === null) return;
  const newest = (await edgeTime(collection, 'desc')) ?? oldest;
  const total = await collection.count().exec();
  options.sized?.(total);
  const span = newest - oldest + 1;
  let width = Math.max(1, Math.floor((span * options.chunk) / Math.max(1, total)));
  for (let from = oldest; from <= newest;) {
    if (options.stopped()) return;
    const to = Math.min(from + width, newest + 1);
    const batch = await readRange(collection, from, to);
    onBatch(batch);
    const n = batch.entries.length;
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
