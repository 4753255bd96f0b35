import { getChangedDocumentsSince, type RxCollection } from 'rxdb';
import type { LedgerDoc } from '../../../src-shared/db/collections';
import { ColumnsImageError, LedgerBook } from '../../../src-shared/ledger';
import { readLedgerImage } from './ledger-image-file';
import { writtenAfter, type WritePosition } from './ledger-reader';
import { trustedEntry } from './trusted-doc';

export interface ImageContext {
  collection: RxCollection<LedgerDoc>;
  path: string;
  /** The database's storage token. */
  database: string;
  anchorDay: number;
}

export type ImageOpenResult =
  { book: LedgerBook; latest: WritePosition; imageEntries: number; caughtUp: number } | { reason: string };

/** Documents per read of the writes made after the image. */
const PAGE = 2000;

/**
 * The whole ledger from the image file plus the storage writes made after it, without scanning
 * storage. Used only when
 * - the file is intact, of this format and for this database (readLedgerImage);
 * - its columns are valid (LedgerBook.fromImage);
 * - every later write is an entry stored or replaced, not removed: each goes into the book the way
 *   the change stream would have brought it (a new id added, a replaced fact replayed from the
 *   snapshot before it);
 * - the book then holds exactly as many entries as storage: ids are unique, so the same count is
 *   the same set (an entry purged without a trace, or a write the image missed, shows here).
 * Otherwise the reason is returned and the caller scans storage.
 */
export async function openFromImage(ctx: ImageContext): Promise<ImageOpenResult> {
  const read = await readLedgerImage(ctx.path);
  if ('reason' in read) return read;
  if (read.meta.database !== ctx.database) return { reason: 'written for another database' };
  let book: LedgerBook;
  try {
    book = LedgerBook.fromImage({ anchorDay: ctx.anchorDay }, read.image);
  } catch (error) {
    if (error instanceof ColumnsImageError) return { reason: `its columns are damaged: ${error.message}` };
    throw error;
  }
  const imageEntries = book.size;
  let checkpoint = { id: read.meta.written.id, lwt: read.meta.written.lwt };
  let latest: WritePosition = read.meta.written;
  let caughtUp = 0;
  for (;;) {
    const { documents } = await getChangedDocumentsSince(ctx.collection.storageInstance, PAGE, checkpoint);
    for (const doc of documents) {
      if (doc._deleted) {
        // A tombstone of an entry the image never held (removed before it was taken) changes nothing.
        if (!book.has(doc.id)) continue;
        return { reason: `entry ${doc.id} was removed after the image was written` };
      }
      if (!book.replaceFact(trustedEntry(doc as unknown as Record<string, unknown>)))
        return { reason: `entry ${doc.id} could not be brought up to date` };
      const at = { lwt: doc._meta.lwt, id: doc.id };
      if (writtenAfter(at, latest)) latest = at;
    }
    caughtUp += documents.length;
    if (documents.length < PAGE) break;
    const last = documents[documents.length - 1]!;
    checkpoint = { id: last.id, lwt: last._meta.lwt };
  }
  const stored = await ctx.collection.count().exec();
  if (stored !== book.size)
    return { reason: `it holds ${book.size} entries with the later writes, storage ${stored}` };
  return { book, latest, imageEntries, caughtUp };
}
