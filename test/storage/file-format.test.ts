/**
 * The file layout the issue asks for: one SQLite file per database holding every collection, WAL,
 * synchronous FULL by default (NORMAL on request), and a schema-version registry that lets a new schema
 * version live beside the old one.
 */
import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { getRxStorageSqlite } from '../../src-main/storage/index';
import type { RxStorageInstanceSqlite } from '../../src-main/storage/instance';
import { APPLICATION_ID, FORMAT_VERSION, REGISTRY_TABLE } from '../../src-main/storage/file-format';
import { itemSchema, noteSchema } from './helpers/schemas';
import { tempFolder, uniqueName } from './helpers/temp';

const folder = tempFolder('format');
afterAll(() => folder.remove());

type Inst = RxStorageInstanceSqlite<Record<string, unknown>>;

async function open(
  directory: string,
  databaseName: string,
  collectionName: string,
  schema: unknown,
  synchronous?: 'FULL' | 'NORMAL',
): Promise<Inst> {
  return (await getRxStorageSqlite({
    directory,
    ...(synchronous ? { synchronous } : {}),
  }).createStorageInstance({
    databaseInstanceToken: 'tok',
    databaseName,
    collectionName,
    schema: schema as never,
    options: {},
    multiInstance: false,
    devMode: false,
  })) as unknown as Inst;
}

it('keeps all collections of a database in one WAL file, synchronous FULL by default', async () => {
  const dir = join(folder.dir, 'one-file');
  const name = uniqueName('db');
  const items = await open(dir, name, 'items', itemSchema);
  const notes = await open(dir, name, 'notes', noteSchema);
  const v1 = await open(dir, name, 'items', { ...itemSchema, version: 1 });
  const db = items.internals.connection;
  expect(notes.internals.connection).toBe(db);
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  expect(db.pragma('synchronous', { simple: true })).toBe(2);
  expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
  expect(db.pragma('user_version', { simple: true })).toBe(FORMAT_VERSION);
  const registry = db
    .prepare(`SELECT collection, schema_version, table_id FROM ${REGISTRY_TABLE} ORDER BY table_id`)
    .raw()
    .all();
  expect(registry).toEqual([
    ['items', 0, 1],
    ['notes', 0, 2],
    ['items', 1, 3],
  ]);
  // Every RxDB index is an indexed BLOB column of the collection's table.
  const indexed = db
    .prepare(`SELECT name FROM pragma_index_list(?)`)
    .pluck()
    .all(items.internals.documentTable) as string[];
  for (const { column } of items.internals.indexColumns)
    expect(indexed).toContain(`${items.internals.documentTable}_${column}`);
  expect(items.internals.indexColumns.map((c) => c.fields.join(','))).toEqual([
    ...(itemSchema.indexes as string[][]).map((i) => i.join(',')),
  ]);
  await v1.remove();
  expect(db.prepare(`SELECT count(*) FROM ${REGISTRY_TABLE}`).pluck().get()).toBe(2);
  await items.close();
  await notes.close();
  expect(readdirSync(dir)).toEqual([`${name}.sqlite`]);
});

it('uses synchronous NORMAL when asked', async () => {
  const inst = await open(folder.dir, uniqueName('normal'), 'items', itemSchema, 'NORMAL');
  expect(inst.internals.connection.pragma('synchronous', { simple: true })).toBe(1);
  await inst.close();
});

it('deletes the file once every collection in it is removed', async () => {
  const dir = join(folder.dir, 'removal');
  const name = uniqueName('gone');
  const a = await open(dir, name, 'items', itemSchema);
  const b = await open(dir, name, 'notes', noteSchema);
  await a.remove();
  expect(readdirSync(dir).some((f) => f === `${name}.sqlite`)).toBe(true);
  await b.remove();
  expect(readdirSync(dir)).toEqual([]);
  // A database that was only closed stays.
  await (await open(dir, name, 'items', itemSchema)).close();
  expect(readdirSync(dir)).toEqual([`${name}.sqlite`]);
  const raw = new Database(join(dir, `${name}.sqlite`), { readonly: true });
  expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  raw.close();
});
