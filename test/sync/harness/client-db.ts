import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { SYNCED_COLLECTIONS, type SyncedCollectionName } from '../../../src-shared/db/collections';
import { getRxStorageSqlite } from '../../../src-main/storage';
import { conflictHandlerFor } from '../../../src-main/core/sync';
import { MIGRATIONS } from '../../../src-main/core/db/migrations';

// Schemas past version 0 (ledger provenance, settings plan) open through the migration plugin.
addRxPlugin(RxDBMigrationSchemaPlugin);

export type ClientStorage = 'memory' | 'sqlite';

export interface ClientDb {
  db: RxDatabase;
  collections: Record<SyncedCollectionName, RxCollection>;
}

/** A desktop-like database holding the five synced collections (five of RxDB's 13 per process). */
export async function createClientDb(
  name: string,
  storage: ClientStorage,
  directory?: string,
): Promise<ClientDb> {
  const db = await createRxDatabase({
    name,
    storage: (storage === 'sqlite'
      ? getRxStorageSqlite({
          directory: directory ?? `/tmp/creditdesk-client-${name}`,
          synchronous: 'NORMAL',
        })
      : getRxStorageMemory()) as RxStorage<unknown, unknown>,
    multiInstance: false,
    eventReduce: true,
  });
  const creators = Object.fromEntries(
    Object.entries(SYNCED_COLLECTIONS).map(([key, def]) => [
      key,
      {
        schema: def.schema,
        conflictHandler: conflictHandlerFor(key as SyncedCollectionName),
        migrationStrategies: MIGRATIONS[key as SyncedCollectionName] ?? {},
      },
    ]),
  );
  const collections = (await db.addCollections(creators as never)) as Record<
    SyncedCollectionName,
    RxCollection
  >;
  return { db, collections };
}

/** Every document of a collection without RxDB's local meta, sorted by id. */
export async function dumpCollection(collection: RxCollection): Promise<Record<string, unknown>[]> {
  const docs = await collection.find().exec();
  return docs
    .map((d) => {
      const {
        _meta: _m,
        _rev: _r,
        _attachments: _a,
        _deleted: _d,
        ...fields
      } = d.toJSON(true) as Record<string, unknown>;
      return fields;
    })
    .sort((a, b) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0));
}
