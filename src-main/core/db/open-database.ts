import { createRxDatabase, addRxPlugin, type RxStorage } from 'rxdb';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { SYNCED_COLLECTIONS, LOCAL_COLLECTIONS } from '../../../src-shared/db/collections';
import type { CreditdeskCollections, CreditdeskDatabase } from './database-types';
import { MIGRATIONS } from './migrations';

export type { CreditdeskCollections, CreditdeskDatabase } from './database-types';

let pluginsAdded = false;
async function addPlugins(devMode: boolean): Promise<void> {
  if (pluginsAdded) return;
  pluginsAdded = true;
  addRxPlugin(RxDBMigrationSchemaPlugin);
  if (devMode) {
    // Dev-mode adds schema and query checks; worth it in tests, too slow for a 1M-entry ledger at run time.
    const { RxDBDevModePlugin, disableWarnings } = await import('rxdb/plugins/dev-mode');
    disableWarnings();
    addRxPlugin(RxDBDevModePlugin);
  }
}

export interface OpenDatabaseOptions {
  storage: RxStorage<unknown, unknown>;
  name?: string;
  devMode?: boolean;
}

/**
 * Opens the desktop database: every document is validated against its schema on write (ajv), one
 * process owns it (`multiInstance: false`), and schema versions migrate through MIGRATIONS.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<CreditdeskDatabase> {
  await addPlugins(options.devMode ?? false);
  const db = await createRxDatabase<CreditdeskCollections>({
    name: options.name ?? 'creditdesk',
    storage: wrappedValidateAjvStorage({ storage: options.storage }),
    multiInstance: false,
    eventReduce: true,
    closeDuplicates: false,
    // Ledger filters on two fields have no single index; our storage counts them in one index-range pass.
    allowSlowCount: true,
  });
  const definitions = { ...SYNCED_COLLECTIONS, ...LOCAL_COLLECTIONS };
  await db.addCollections(
    Object.fromEntries(
      Object.entries(definitions).map(([name, def]) => [
        name,
        { schema: def.schema, migrationStrategies: MIGRATIONS[name as keyof CreditdeskCollections] ?? {} },
      ]),
    ) as never,
  );
  return db;
}
