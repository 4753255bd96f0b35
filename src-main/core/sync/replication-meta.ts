/**
 * RxDB's replication state of one collection, opened the way its replication plugin opens it, so a
 * bootstrap can write what a pull would have written: the "assumed master" rows, and the down and up
 * checkpoints. Everything here mirrors rxdb/src/plugins/replication (meta instance name and schema)
 * and rxdb/src/replication-protocol (meta rows, checkpoint documents, the markers on pulled documents);
 * test/sync/bootstrap.test.ts checks that a replication started afterwards neither pulls nor pushes
 * what the bootstrap wrote.
 */
import {
  createRevision,
  getComposedPrimaryKeyOfDocumentData,
  getRxReplicationMetaInstanceSchema,
  getUnderlyingPersistentStorage,
  hasEncryption,
  now,
  type BulkWriteRow,
  type RxCollection,
  type RxDocumentData,
  type RxStorageInstance,
  type RxStorageReplicationMeta,
} from 'rxdb';

type Doc = Record<string, unknown>;
export type MetaDoc = RxDocumentData<RxStorageReplicationMeta<Doc, unknown>>;
export type ForkInstance = RxStorageInstance<Doc, unknown, unknown, { id: string; lwt: number }>;
type Direction = 'up' | 'down';

export interface ReplicationMeta {
  readonly fork: ForkInstance;
  readonly instance: RxStorageInstance<RxStorageReplicationMeta<Doc, unknown>, unknown, unknown>;
  /** Marks documents as written by this replication's downstream (`_meta.o.hash`, revisions). */
  readonly identifierHash: string;
  checkpoint<T>(direction: Direction): Promise<T | undefined>;
  setCheckpoint(direction: Direction, data: unknown): Promise<void>;
  /** The assumed master rows of these document ids, by id. */
  assumedMasters(ids: string[]): Promise<Map<string, MetaDoc>>;
  /** A row recording `master` as the master state of its document (replacing `previous`). */
  masterRow(master: Doc & { id: string }, previous: MetaDoc | undefined, lwt: number): BulkWriteRow<never>;
  close(): Promise<void>;
}

export async function openReplicationMeta(
  collection: RxCollection,
  replicationIdentifier: string,
): Promise<ReplicationMeta> {
  const database = collection.database;
  const jsonSchema = collection.schema.jsonSchema;
  const collectionName = `rx-replication-meta-${await database.hashFunction(
    [collection.name, replicationIdentifier].join('-'),
  )}`;
  const schema = getRxReplicationMetaInstanceSchema(jsonSchema, hasEncryption(jsonSchema));
  const instance = (await database.storage.createStorageInstance({
    databaseName: database.name,
    collectionName,
    databaseInstanceToken: database.token,
    multiInstance: database.multiInstance,
    options: {},
    schema,
    password: database.password,
    devMode: false,
  })) as ReplicationMeta['instance'];
  // The storage itself, below RxDB's wrapper: the wrapper would replace the _meta and _rev we set
  // (the lwt our checkpoint names, and the marker that says a document came from the team).
  const wrapped = getUnderlyingPersistentStorage(collection.storageInstance) as unknown as {
    originalStorageInstance?: ForkInstance;
  };
  const fork = wrapped.originalStorageInstance ?? (wrapped as ForkInstance);
  const identifier = `rxdbreplication${replicationIdentifier}`;
  const identifierHash = await database.hashFunction(identifier);
  const checkpointKey = `rx_storage_replication_${await database.hashFunction(
    [identifier, fork.databaseName, fork.collectionName].join('||'),
  )}`;
  const metaId = (itemId: string, isCheckpoint: '0' | '1') =>
    getComposedPrimaryKeyOfDocumentData(instance.schema, { itemId, isCheckpoint });
  const lastCheckpoint = new Map<Direction, MetaDoc | undefined>();

  const readCheckpoint = async (direction: Direction) => {
    const [doc] = await instance.findDocumentsById([metaId(direction, '1')], false);
    lastCheckpoint.set(direction, doc as MetaDoc | undefined);
    return doc as MetaDoc | undefined;
  };

  return {
    fork,
    instance,
    identifierHash,
    async checkpoint<T>(direction: Direction) {
      return (await readCheckpoint(direction))?.checkpointData as T | undefined;
    },
    async setCheckpoint(direction, data) {
      let previous = lastCheckpoint.has(direction)
        ? lastCheckpoint.get(direction)
        : await readCheckpoint(direction);
      for (let attempt = 0; attempt < 3; attempt++) {
        const document = {
          id: metaId(direction, '1'),
          isCheckpoint: '1',
          itemId: direction,
          checkpointData: data,
          _deleted: false,
          _attachments: {},
          _meta: { lwt: now() },
          _rev: createRevision(checkpointKey, previous),
        } as MetaDoc;
        const result = await instance.bulkWrite(
          [{ previous, document } as never],
          'replication-set-checkpoint',
        );
        const error = result.error[0];
        if (!error) {
          lastCheckpoint.set(direction, document);
          return;
        }
        if (error.status !== 409)
          throw new Error(`could not save the ${direction} checkpoint: ${error.status}`);
        previous = (error as { documentInDb?: MetaDoc }).documentInDb;
      }
      throw new Error(`could not save the ${direction} checkpoint: it kept changing under the bootstrap`);
    },
    async assumedMasters(ids) {
      const docs = await instance.findDocumentsById(
        ids.map((id) => metaId(id, '0')),
        true,
      );
      return new Map(docs.map((d) => [d.itemId, d as MetaDoc]));
    },
    masterRow(master, previous, lwt) {
      const document = {
        ...(previous ?? { isCheckpoint: '0', itemId: master.id, _attachments: {}, _deleted: false }),
        id: metaId(master.id, '0'),
        docData: master,
        _meta: { lwt },
        _rev: createRevision(checkpointKey, previous),
      };
      return { previous, document } as never;
    },
    close: () => instance.close(),
  };
}
