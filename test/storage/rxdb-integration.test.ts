/**
 * The storage under a real RxDatabase in dev-mode (schema validation with ajv): collections, reactive
 * queries, attachments, the cleanup plugin, schema migration to a new version, and database removal.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { addRxPlugin, createRxDatabase, type RxJsonSchema } from 'rxdb';
import { RxDBAttachmentsPlugin } from 'rxdb/plugins/attachments';
import { RxDBCleanupPlugin } from 'rxdb/plugins/cleanup';
import { RxDBDevModePlugin, disableWarnings } from 'rxdb/plugins/dev-mode';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { firstValueFrom, filter } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerSchema, settingsSchema } from '../../src-shared/db/collections';
import { getRxStorageSqlite } from '../../src-main/storage/index';
import { MIGRATIONS } from '../../src-main/core/db/migrations';
import { noteSchemaInput } from './helpers/schemas';
import { tempFolder, uniqueName } from './helpers/temp';

const folder = tempFolder('rxdb');
beforeAll(() => {
  disableWarnings();
  addRxPlugin(RxDBDevModePlugin);
  addRxPlugin(RxDBAttachmentsPlugin);
  addRxPlugin(RxDBCleanupPlugin);
  addRxPlugin(RxDBMigrationSchemaPlugin);
});
afterAll(() => folder.remove());

// The ledger schema is past version 0: dev-mode wants its migration steps even for a new file.
const ledgerCollection = { schema: ledgerSchema, migrationStrategies: MIGRATIONS.ledger };
const storage = () => wrappedValidateAjvStorage({ storage: getRxStorageSqlite({ directory: folder.dir }) });
const openDb = (name: string) => createRxDatabase({ name, storage: storage(), multiInstance: false });

const entry = (i: number) => ({
  id: `usage:evt-${i}`,
  kind: i % 2 ? 'usage' : 'grant',
  bucket: i % 2 ? '' : 'monthly',
  actionKind: i % 2 ? 'ai_reply' : '',
  amount: i % 2 ? -5000 : 100_000,
  occurredAt: 1_700_000_000_000 + i * 1000,
  recordedAt: 1_700_000_000_000 + i * 1000,
  machineId: 'm1',
});

describe('under an RxDatabase in dev-mode', () => {
  it('stores the ledger, answers reactive queries and survives reopening', async () => {
    const name = uniqueName('ledger');
    const db = await openDb(name);
    const { ledger } = await db.addCollections({ ledger: ledgerCollection });
    await ledger.bulkInsert(Array.from({ length: 50 }, (_, i) => entry(i)));
    const usage = ledger.find({ selector: { kind: 'usage' }, sort: [{ occurredAt: 'desc' }], limit: 3 });
    expect((await usage.exec()).map((d) => d.id)).toEqual(['usage:evt-49', 'usage:evt-47', 'usage:evt-45']);
    const next = firstValueFrom(usage.$.pipe(filter((docs) => docs[0]?.id === 'usage:evt-51')));
    await ledger.insert(entry(51));
    expect((await next).length).toBe(3);
    expect(await ledger.count({ selector: { kind: 'grant' } }).exec()).toBe(25);
    await expect(ledger.insert(entry(3))).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(ledger.insert({ ...entry(99), amount: 'lots' as never })).rejects.toMatchObject({
      code: 'VD2',
    });
    const doc = await ledger.findOne('usage:evt-1').exec();
    await doc!.incrementalPatch({ explanation: 'patched' });
    await (await ledger.findOne('usage:evt-3').exec())!.remove();
    await db.close();

    const again = await openDb(name);
    const cols = await again.addCollections({ ledger: ledgerCollection });
    expect(await cols.ledger.count().exec()).toBe(50);
    expect((await cols.ledger.findOne('usage:evt-1').exec())!.get('explanation')).toBe('patched');
    expect(await cols.ledger.findOne('usage:evt-3').exec()).toBeNull();
    // Re-inserting a deleted id works through RxDB (it retries the 409 with the tombstone as previous).
    await cols.ledger.insert(entry(3));
    expect(await cols.ledger.count().exec()).toBe(51);
    await again.close();
  });

  it('stores attachments and purges tombstones with the cleanup plugin', async () => {
    const db = await openDb(uniqueName('att'));
    const { notes } = await db.addCollections({ notes: { schema: noteSchemaInput } });
    const note = await notes.insert({ id: 'n1', title: 'invoice' });
    await note.putAttachment({
      id: 'pdf',
      data: new Blob(['%PDF-1.7 \u{1F4C4}'], { type: 'application/pdf' }),
      type: 'application/pdf',
    });
    const fresh = await notes.findOne('n1').exec();
    const att = fresh!.getAttachment('pdf')!;
    expect(await att.getStringData()).toBe('%PDF-1.7 \u{1F4C4}');
    expect(att.type).toBe('application/pdf');
    await att.remove();
    expect((await notes.findOne('n1').exec())!.allAttachments()).toEqual([]);

    await notes.insert({ id: 'n2', title: 'gone' });
    await (await notes.findOne('n2').exec())!.remove();
    const before = await notes.storageInstance.findDocumentsById(['n2'], true);
    expect(before).toHaveLength(1);
    await notes.cleanup(0);
    expect(await notes.storageInstance.findDocumentsById(['n2'], true)).toEqual([]);
    await db.close();
  });

  it('migrates a collection to a new schema version inside the same file', async () => {
    const name = uniqueName('migrate');
    const v0: RxJsonSchema<{ id: string; title: string }> = { ...noteSchemaInput, attachments: undefined };
    const db = await openDb(name);
    const { notes } = await db.addCollections({ notes: { schema: v0 } });
    await notes.bulkInsert([
      { id: 'a', title: 'one' },
      { id: 'b', title: 'two' },
    ]);
    await db.close();

    const v1 = {
      ...v0,
      version: 1,
      properties: { ...v0.properties, words: { type: 'integer' } },
      required: [...(v0.required as string[]), 'words'],
    } as RxJsonSchema<{ id: string; title: string; words: number }>;
    const db2 = await openDb(name);
    const cols = await db2.addCollections({
      notes: {
        schema: v1,
        migrationStrategies: { 1: (doc: { title: string }) => ({ ...doc, words: doc.title.length }) },
      },
    });
    const docs = await cols.notes.find({ sort: [{ id: 'asc' }] }).exec();
    expect(docs.map((d) => [d.id, d.get('words')])).toEqual([
      ['a', 3],
      ['b', 3],
    ]);
    await db2.close();
  });

  it('opens a version-1 settings document under the current settings schema, then names machines', async () => {
    const name = uniqueName('settings');
    const { machineNames: _added, ...v1Properties } = settingsSchema.properties;
    const v1 = { ...settingsSchema, version: 1, properties: v1Properties } as typeof settingsSchema;
    const stored = {
      id: 'workspace',
      tierId: 'growth',
      anchorDay: 9,
      labelCount: 20,
      autoDraftAll: false,
      chatbotModel: 'standard',
      alertThresholds: [50, 80],
      rateCardVersion: '2026-01',
      fieldClock: { tierId: { at: 5, by: 'm1' } },
    };
    const db = await openDb(name);
    await db.addCollections({ settings: { schema: v1, migrationStrategies: { 1: (d: unknown) => d } } });
    await db.settings!.insert(stored);
    await db.close();

    const db2 = await openDb(name);
    const { settings } = await db2.addCollections({
      settings: { schema: settingsSchema, migrationStrategies: MIGRATIONS.settings },
    });
    const doc = await settings.findOne('workspace').exec();
    expect(doc?.toJSON()).toMatchObject(stored);
    const machineNames = { m1: { name: 'Front desk', at: 6, by: 'm1' } };
    await doc!.incrementalPatch({ machineNames });
    expect((await settings.findOne('workspace').exec())?.toJSON().machineNames).toEqual(machineNames);
    await db2.close();
  });

  it('removes the database file when the database is removed', async () => {
    const name = uniqueName('remove');
    const db = await openDb(name);
    await db.addCollections({ ledger: ledgerCollection });
    await db.ledger!.insert(entry(1));
    expect(existsSync(join(folder.dir, `${name}.sqlite`))).toBe(true);
    await db.remove();
    expect(readdirSync(folder.dir).filter((f) => f.startsWith(name))).toEqual([]);
  });
});
