import {
  getAssumedMasterState,
  getChangedDocumentsSince,
  getComposedPrimaryKeyOfDocumentData,
  type RxCollection,
} from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import type { Subscription } from 'rxjs';
import { sameDocument } from './conflict-handlers';

type Doc = Record<string, unknown> & { _deleted: boolean };

const strip = (doc: Record<string, unknown>): Doc => {
  const { _meta: _m, _rev: _r, _attachments: _a, ...rest } = doc;
  return rest as Doc;
};

/**
 * Counts documents written on this machine that the endpoint has not acknowledged yet. Live changes
 * are tracked from the storage's change stream (writes not made by the replication itself); the
 * backlog left by an earlier run is found once at start by comparing documents changed since the
 * last push checkpoint with the master state the replication last saw.
 */
export function trackPending(
  collection: RxCollection,
  replication: RxReplicationState<Record<string, unknown>, unknown>,
  onCount: (count: number) => void,
): () => void {
  const ids = new Set<string>();
  const primary = collection.schema.primaryPath as string;
  const acknowledged = new Set<string>();
  let scanning = true;
  const publish = () => onCount(ids.size);
  const subs: Subscription[] = [];

  subs.push(
    collection.storageInstance.changeStream().subscribe((bulk) => {
      if (bulk.context.startsWith('replication-')) return;
      for (const event of bulk.events) ids.add(event.documentId);
      publish();
    }),
    replication.sent$.subscribe((doc) => {
      const id = String((doc as Record<string, unknown>)[primary]);
      ids.delete(id);
      if (scanning) acknowledged.add(id);
      publish();
    }),
    replication.conflict$.subscribe((conflict) => {
      const id = String((conflict.input.newDocumentState as Record<string, unknown>)[primary]);
      ids.delete(id);
      if (scanning) acknowledged.add(id);
      publish();
    }),
  );

  let stopped = false;
  void (async () => {
    try {
      await replication.startPromise;
      const state = replication.internalReplicationState;
      if (!state || stopped) return;
      const meta = state.input.metaInstance;
      const checkpointId = getComposedPrimaryKeyOfDocumentData(meta.schema, {
        isCheckpoint: '1',
        itemId: 'up',
      });
      const [checkpointDoc] = await meta.findDocumentsById([checkpointId], false);
      let checkpoint = checkpointDoc?.checkpointData;
      for (;;) {
        const page = await getChangedDocumentsSince(state.input.forkInstance, 500, checkpoint);
        if (stopped || page.documents.length === 0) break;
        const masters = await getAssumedMasterState(
          state,
          page.documents.map((d) => String((d as Record<string, unknown>)[primary])),
        );
        for (const doc of page.documents) {
          const id = String((doc as Record<string, unknown>)[primary]);
          const master = masters[id];
          if (acknowledged.has(id)) continue;
          if (
            !master ||
            !sameDocument(
              strip(master.docData as Record<string, unknown>),
              strip(doc as Record<string, unknown>),
            )
          ) {
            ids.add(id);
          }
        }
        checkpoint = page.checkpoint;
        if (page.documents.length < 500) break;
      }
    } catch {
      // The count is advisory; a failed scan must not disturb replication.
    } finally {
      scanning = false;
      acknowledged.clear();
      publish();
    }
  })();

  return () => {
    stopped = true;
    for (const sub of subs) sub.unsubscribe();
  };
}
