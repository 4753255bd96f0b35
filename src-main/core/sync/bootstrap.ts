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
import { openReplicationMeta, type MetaDoc, type ReplicationMeta } from './replication-meta';
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

const local = (doc: Record<string, unknown>): Record<string, unknown> => {
  const { _meta: _m, _rev: _r, _attachments: _a, ...rest } = doc;
  return rest;
};

/**
 * Writes one batch the way RxDB's downstream would: new documents are inserted marked as pulled by
 * this replication; a document already here is replaced only if this machine has not changed it since
 * its last pull (otherwise the upstream pushes it and the conflict handler settles it, as ever).
 * Returns the last written position in the storage's changed-since order, or null.
 */
async function writeBatch(
  meta: ReplicationMeta,
  collection: RxCollection,
  docs: Doc[],
  withMetaRows: boolean,
): Promise<Position | null> {
  const isEqual = collection.conflictHandler.isEqual as (a: unknown, b: unknown, context: string) => boolean;
  const existing = await meta.fork.findDocumentsById(
    docs.map((d) => d.id),
    true,
  );
  const current = new Map(existing.map((d) => [String(d.id), d]));
  const assumed =
    current.size > 0 ? await meta.assumedMasters([...current.keys()]) : new Map<string, MetaDoc>();
  const hash = meta.identifierHash;
  // RxDB's now(): later than every lwt written so far in this process, so the batch sorts after them.
  const lwt = now();
  const inserted = { lwt, o: { _rev: 1, hash } };
  const forkRows: { previous?: unknown; document: Record<string, unknown> }[] = [];
  const metaRows = new Map<string, ReturnType<ReplicationMeta['masterRow']>>();
  for (const doc of docs) {
    const here = current.get(doc.id) as
      (Record<string, unknown> & { _rev: string; _meta: Record<string, unknown> }) | undefined;
    if (!here) {
      forkRows.push({ document: { ...doc, _attachments: {}, _meta: inserted, _rev: `1-${hash}` } });
      if (withMetaRows) metaRows.set(doc.id, meta.masterRow(doc, undefined, lwt));
      continue;
    }
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
  let last: string | null = null;
  if (forkRows.length > 0) {
    const result = await meta.fork.bulkWrite(forkRows as never, BOOTSTRAP_CONTEXT);
    for (const error of result.error) {
      // A local write that landed between our read and our write: it wins here and is pushed.
      if (error.status !== 409) throw new Error(`could not store "${error.documentId}": ${error.status}`);
      metaRows.delete(error.documentId);
    }
    const failed = new Set(result.error.map((e) => e.documentId));
    for (const row of forkRows) {
      const id = String(row.document.id);
      if (!failed.has(id) && (last === null || id > last)) last = id;
    }
  }
  if (metaRows.size > 0) {
    const result = await meta.instance.bulkWrite([...metaRows.values()], 'replication-down-write-meta');
    if (result.error.length > 0)
      throw new Error(`could not record the master state of "${result.error[0]!.documentId}"`);
  }
  return last === null ? null : { id: last, lwt };
}

/**
 * Bootstraps one collection if it is at least `threshold` documents behind the team; run it before the
 * collection's replication starts (the replication then begins where the snapshot ended).
 */
export async function bootstrapCollection(options: BootstrapOptions): Promise<BootstrapResult> {
  const meta = await openReplicationMeta(options.collection, options.replicationIdentifier);
  const changes: { unsubscribe(): void }[] = [];
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
    let batch: Doc[] = [];
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
    await readSnapshot(request, (line) => {
      switch (line.kind) {
        case 'header':
          total = line.header.documents;
          return;
        case 'document':
          batch.push(line.doc);
          return;
        case 'progress':
          return batch.length >= batchSize ? flush(line.progress.checkpoint) : undefined;
        case 'end':
          return flush(line.end.checkpoint);
      }
    });
    // Defensive: a local write whose time sorts before a moved up checkpoint must still be pushed.
    if (earliestForeign <= upLwt) await meta.setCheckpoint('up', { id: '', lwt: earliestForeign });
    return { bootstrapped: true, documents: done, checkpoint: reached };
  } finally {
    for (const sub of changes) sub.unsubscribe();
    await meta.close();
  }
}
