/**
 * Bootstrap from a snapshot: a machine that is empty, or far behind, reads a collection up to the
 * team's head in one NDJSON stream and writes it with the storage's bulk path in large transactions,
 * leaving RxDB's replication state exactly as if it had pulled those documents (see replication-meta.ts),
 * so the replication that starts afterwards continues from the snapshot's checkpoint: nothing is pulled
 * again, nothing is pushed back, nothing is skipped.
 *
 * Restarts are clean: a batch is written before the checkpoint that covers it, writes are idempotent
 * (a document already there from an earlier try is left alone), and the down checkpoint moves with
 * every batch, so a bootstrap killed halfway resumes from the last batch it wrote.
 */
import { getChangedDocumentsSince, getHeightOfRevision, now, type RxCollection } from 'rxdb';
import { SYNCED_COLLECTIONS, type SyncedCollectionName } from '../../../src-shared/db/collections';
import { SNAPSHOT_PAGE, type SnapshotCheckpoint } from '../../../src-shared/sync/bootstrap';
import type { FetchLike, TokenProvider } from './http';
import { openReplicationMeta, type ReplicationMeta } from './replication-meta';
import { countSnapshot, readSnapshot, type SnapshotRequest } from './snapshot-reader';

/** Starts with "replication-": the pending-push tracker ignores these writes as it does pulled ones. */
export const BOOTSTRAP_CONTEXT = 'replication-bootstrap';

/** Below this many documents behind, ordinary replication is quick enough (docs/decisions.md). */
export const DEFAULT_BOOTSTRAP_THRESHOLD = 10_000;
/** Documents per write transaction. */
export const DEFAULT_BOOTSTRAP_BATCH = 20_000;

export interface BootstrapOptions {
  name: SyncedCollectionName;
  collection: RxCollection;
  replicationIdentifier: string;
  base: string;
  fetch: FetchLike;
  getToken: TokenProvider;
  /** The step in the user's words, leading every error. */
  what: string;
  threshold?: number;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export type BootstrapResult =
  | { bootstrapped: false; behind: number }
  | { bootstrapped: true; documents: number; checkpoint: SnapshotCheckpoint };

type Doc = Record<string, unknown> & { id: string };
type Position = { id: string; lwt: number };
/** A snapshot document with its line's text (the endpoint's canonical JSON of it). */
type Incoming = { doc: Doc; text: string };
type StoredDoc = Record<string, unknown> & { _rev: string; _meta: Record<string, unknown> };
type WriteResponse = Awaited<ReturnType<ReplicationMeta['fork']['bulkWrite']>>;

/** What our SQLite storage adds for loads (src-main/storage: bulk-insert.ts, bulk-load.ts). */
interface BulkLoading {
  bulkInsert(
    docs: { document: Record<string, unknown>; json?: string }[],
    context: string,
  ): Promise<WriteResponse>;
  beginBulkLoad(
    incoming: number,
    keep?: readonly (readonly string[])[],
  ): { deferred: boolean; finish(): void };
}

const bulkLoading = (fork: unknown): BulkLoading | undefined =>
  typeof (fork as Partial<BulkLoading>).bulkInsert === 'function' ? (fork as BulkLoading) : undefined;

const local = (doc: Record<string, unknown>): Record<string, unknown> => {
  const { _meta: _m, _rev: _r, _attachments: _a, ...rest } = doc;
  return rest;
};

/**
 * The stored JSON of `doc` + the given tail, from its line's text: the endpoint sends canonical JSON
 * (docs/protocol.md), so this equals JSON.stringify of the stored document without serialising it.
 * Undefined when the line does not allow it (the text does not end the object, or the document
 * carries a field the tail sets).
 */
function splicedJson(doc: Doc, text: string, tail: string): string | undefined {
  if (text.charCodeAt(0) !== 123 || text.charCodeAt(text.length - 1) !== 125) return undefined;
  if (Object.hasOwn(doc, '_attachments') || Object.hasOwn(doc, '_meta') || Object.hasOwn(doc, '_rev'))
    return undefined;
  return `${text.slice(0, -1)}${tail}`;
}

/**
 * Writes one batch the way RxDB's downstream would: new documents are inserted marked as pulled by
 * this replication; a document already here is replaced only if this machine has not changed it since
 * its last pull (otherwise the upstream pushes it and the conflict handler settles it, as ever).
 * Returns the last written position in the storage's changed-since order, or null.
 */
async function writeBatch(
  meta: ReplicationMeta,
  collection: RxCollection,
  batch: Incoming[],
  withMetaRows: boolean,
): Promise<Position | null> {
  const hash = meta.identifierHash;
  // RxDB's now(): later than every lwt written so far in this process, so the batch sorts after them.
  const lwt = now();
  const inserted = { lwt, o: { _rev: 1, hash } };
  const rev = `1-${hash}`;
  const metaRows = new Map<string, ReturnType<ReplicationMeta['masterRow']>>();
  const written: string[] = [];
  let present: { doc: Doc; here: StoredDoc }[];
  const loader = bulkLoading(meta.fork);
  if (loader) {
    // Insert first and sort out the few that exist: no read of every id, no copy of every document.
    const tail = `,"_attachments":{},"_meta":${JSON.stringify(inserted)},"_rev":${JSON.stringify(rev)}}`;
    const rows = batch.map(({ doc, text }) => {
      const json = splicedJson(doc, text, tail);
      if (withMetaRows) metaRows.set(doc.id, meta.masterRow(doc, undefined, lwt));
      // The parsed line is ours alone; without a master row to keep it, it becomes the stored document.
      const document = withMetaRows ? { ...doc } : (doc as Record<string, unknown>);
      document._attachments = {};
      document._meta = inserted;
      document._rev = rev;
      return json === undefined ? { document } : { document, json };
    });
    const result = await loader.bulkInsert(rows, BOOTSTRAP_CONTEXT);
    present = [];
    for (const error of result.error) {
      if (error.status !== 409 || !error.documentInDb)
        throw new Error(`could not store "${error.documentId}": ${error.status}`);
      metaRows.delete(error.documentId);
      present.push({
        doc: local(error.writeRow.document as Record<string, unknown>) as Doc,
        here: error.documentInDb as unknown as StoredDoc,
      });
    }
    const failed = new Set(present.map((p) => p.doc.id));
    for (const { document } of rows)
      if (!failed.has(document.id as string)) written.push(document.id as string);
  } else {
    const existing = await meta.fork.findDocumentsById(
      batch.map((d) => d.doc.id),
      true,
    );
    const current = new Map(existing.map((d) => [String(d.id), d as unknown as StoredDoc]));
    const forkRows: { document: Record<string, unknown> }[] = [];
    present = [];
    for (const { doc } of batch) {
      const here = current.get(doc.id);
      if (here) {
        present.push({ doc, here });
        continue;
      }
      forkRows.push({ document: { ...doc, _attachments: {}, _meta: inserted, _rev: rev } });
      if (withMetaRows) metaRows.set(doc.id, meta.masterRow(doc, undefined, lwt));
    }
    written.push(...(await writeForkRows(meta, forkRows, metaRows)));
  }
  if (present.length > 0)
    written.push(...(await replacePresent(meta, collection, present, lwt, metaRows, withMetaRows)));
  if (metaRows.size > 0) {
    const result = await meta.instance.bulkWrite([...metaRows.values()], 'replication-down-write-meta');
    if (result.error.length > 0)
      throw new Error(`could not record the master state of "${result.error[0]!.documentId}"`);
  }
  let last: string | null = null;
  for (const id of written) if (last === null || id > last) last = id;
  return last === null ? null : { id: last, lwt };
}

/** Writes rows to the fork; returns the ids written. A 409 (a local write since our read) wins here. */
async function writeForkRows(
  meta: ReplicationMeta,
  forkRows: { previous?: unknown; document: Record<string, unknown> }[],
  metaRows: Map<string, unknown>,
): Promise<string[]> {
  if (forkRows.length === 0) return [];
  const result = await meta.fork.bulkWrite(forkRows as never, BOOTSTRAP_CONTEXT);
  for (const error of result.error) {
    // A local write that landed between our read and our write: it wins here and is pushed.
    if (error.status !== 409) throw new Error(`could not store "${error.documentId}": ${error.status}`);
    metaRows.delete(error.documentId);
  }
  const failed = new Set(result.error.map((e) => e.documentId));
  return forkRows.map((r) => String(r.document.id)).filter((id) => !failed.has(id));
}

/** The documents of a batch already on this machine: replaced only where it has not changed them. */
async function replacePresent(
  meta: ReplicationMeta,
  collection: RxCollection,
  present: { doc: Doc; here: StoredDoc }[],
  lwt: number,
  metaRows: Map<string, ReturnType<ReplicationMeta['masterRow']>>,
  withMetaRows: boolean,
): Promise<string[]> {
  const isEqual = collection.conflictHandler.isEqual as (a: unknown, b: unknown, context: string) => boolean;
  const assumed = await meta.assumedMasters(present.map((p) => p.doc.id));
  const hash = meta.identifierHash;
  const forkRows: { previous?: unknown; document: Record<string, unknown> }[] = [];
  for (const { doc, here } of present) {
    const master = assumed.get(doc.id);
    const state = local(here);
    const marker = here._meta.o as { hash?: string; _rev?: number } | undefined;
    const pulled = master
      ? isEqual(master.docData, state, 'bootstrap-fork-is-master')
      : marker?.hash === hash && marker._rev === getHeightOfRevision(here._rev);
    // Changed on this machine since its last pull: the upstream's business, not ours.
    if (!pulled) continue;
    if (isEqual(doc, state, 'bootstrap-same-as-master')) {
      if (!master && withMetaRows) metaRows.set(doc.id, meta.masterRow(doc, undefined, lwt));
      continue;
    }
    const height = getHeightOfRevision(here._rev) + 1;
    forkRows.push({
      previous: here,
      document: {
        ...doc,
        _attachments: {},
        _meta: { ...here._meta, lwt, o: { _rev: height, hash } },
        _rev: `${height}-${hash}`,
      },
    });
    metaRows.set(doc.id, meta.masterRow(doc, master, lwt));
  }
  return writeForkRows(meta, forkRows, metaRows);
}

/**
 * Bootstraps one collection if it is at least `threshold` documents behind the team; run it before the
 * collection's replication starts (the replication then begins where the snapshot ended).
 */
export async function bootstrapCollection(options: BootstrapOptions): Promise<BootstrapResult> {
  const meta = await openReplicationMeta(options.collection, options.replicationIdentifier);
  const changes: { unsubscribe(): void }[] = [];
  let load: ReturnType<BulkLoading['beginBulkLoad']> | undefined;
  try {
    const down = await meta.checkpoint<SnapshotCheckpoint>('down');
    const request: SnapshotRequest = {
      base: options.base,
      collection: options.name,
      from: down ? { seq: down.seq, ...(down.epoch ? { epoch: down.epoch } : {}) } : null,
      fetch: options.fetch,
      getToken: options.getToken,
      what: options.what,
      signal: options.signal,
      // Progress lines no further apart than a batch, so every batch ends on a checkpoint.
      page: Math.min(options.batchSize ?? DEFAULT_BOOTSTRAP_BATCH, SNAPSHOT_PAGE),
    };
    const count = await countSnapshot(request);
    if (count.documents < (options.threshold ?? DEFAULT_BOOTSTRAP_THRESHOLD))
      return { bootstrapped: false, behind: count.documents };

    // The up checkpoint may move past the snapshot's documents only while nothing else was written:
    // then they are the only documents behind it, and the upstream never needs to look at them.
    const up = await meta.checkpoint<Position>('up');
    let upClean = (await getChangedDocumentsSince(meta.fork, 1, up)).documents.length === 0;
    let foreign = false;
    let upLwt = -Infinity;
    let earliestForeign = Infinity;
    changes.push(
      meta.fork.changeStream().subscribe((bulk) => {
        if (bulk.context === BOOTSTRAP_CONTEXT) return;
        foreign = true;
        for (const event of bulk.events) {
          const lwt = (event.documentData as { _meta?: { lwt?: number } } | undefined)?._meta?.lwt;
          if (typeof lwt === 'number') earliestForeign = Math.min(earliestForeign, lwt);
        }
      }),
    );
    // Immutable documents are never changed here, so their master rows matter only to the upstream.
    const immutable = SYNCED_COLLECTIONS[options.name].merge === 'immutable';
    const batchSize = options.batchSize ?? DEFAULT_BOOTSTRAP_BATCH;
    let batch: Incoming[] = [];
    let done = 0;
    let total = count.documents;
    let reached: SnapshotCheckpoint = count.checkpoint;

    const flush = async (checkpoint: SnapshotCheckpoint) => {
      if (batch.length > 0) {
        const docs = batch;
        batch = [];
        if (foreign) upClean = false;
        const position = await writeBatch(meta, options.collection, docs, !immutable || !upClean);
        if (upClean && position) {
          await meta.setCheckpoint('up', position);
          upLwt = position.lwt;
        }
        done += docs.length;
      }
      // Only now, with every document up to it stored: a restart resumes from here.
      await meta.setCheckpoint('down', checkpoint);
      reached = checkpoint;
      options.onProgress?.(done, Math.max(total, done));
    };

    options.onProgress?.(0, total);
    // An empty machine loads without secondary indexes and builds them at the end (bulk-load.ts),
    // except the schema's first: the app's default order (the ledger by time: its page, its count
    // and the whole-ledger load), so the ledger page stays quick while the download runs.
    const first = options.collection.schema.jsonSchema.indexes?.[0] as string | string[] | undefined;
    const keep = first === undefined ? [] : [typeof first === 'string' ? [first] : first];
    load = bulkLoading(meta.fork)?.beginBulkLoad(count.documents, keep);
    await readSnapshot(request, (line, text) => {
      switch (line.kind) {
        case 'header':
          total = line.header.documents;
          return;
        case 'document':
          batch.push({ doc: line.doc, text });
          return;
        case 'progress':
          return batch.length >= batchSize ? flush(line.progress.checkpoint) : undefined;
        case 'end':
          return flush(line.end.checkpoint);
      }
    });
    load?.finish();
    // Defensive: a local write whose time sorts before a moved up checkpoint must still be pushed.
    if (earliestForeign <= upLwt) await meta.setCheckpoint('up', { id: '', lwt: earliestForeign });
    return { bootstrapped: true, documents: done, checkpoint: reached };
  } finally {
    try {
      load?.finish();
    } catch {
      // Failing already (a closed database?): the table's next open builds the missing indexes.
    }
    for (const sub of changes) sub.unsubscribe();
    await meta.close();
  }
}
