/**
 * Bad conditions must give a clear SqliteStorageError and leave nothing half-written: full disk,
 * read-only folder, corrupt or foreign file, newer file format, a database opened twice (in this process
 * or by another one), a changed schema, and bad options.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RxJsonSchema } from 'rxdb';
import { createRxDatabase, fillWithDefaultSettings, normalizeMangoQuery, prepareQuery } from 'rxdb';
import { afterAll, describe, expect, it } from 'vitest';
import { getRxStorageSqlite, SqliteStorageError } from '../../src-main/storage/index';
import type { RxStorageInstanceSqlite } from '../../src-main/storage/instance';
import { insertRow, sampleItems } from './helpers/docs';
import { exited, firstLine, isRoot, mountTmpfs, remount, spawnTs, unmount } from './helpers/os';
import { itemSchema, itemSchemaInput } from './helpers/schemas';
import { tempFolder, uniqueName } from './helpers/temp';

const folder = tempFolder('failures');
afterAll(() => folder.remove());

type Inst = RxStorageInstanceSqlite<Record<string, unknown>>;

async function open(
  directory: string,
  databaseName: string,
  schema = itemSchema,
  token = 'tok-a',
): Promise<Inst> {
  return (await getRxStorageSqlite({ directory }).createStorageInstance({
    databaseInstanceToken: token,
    databaseName,
    collectionName: 'items',
    schema: schema as never,
    options: {},
    multiInstance: false,
    devMode: false,
  })) as unknown as Inst;
}

const all = (schema = itemSchema) =>
  prepareQuery(schema as never, normalizeMangoQuery(schema as never, { selector: {} })) as never;

async function countAll(inst: Inst): Promise<number> {
  return (await inst.count(all())).count;
}

function digest(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function bigDocs(prefix: string, n: number, size: number) {
  return Array.from({ length: n }, (_, i) =>
    insertRow({ ...sampleItems()[i % 10]!, id: `${prefix}-${i}`, note: 'x'.repeat(size) }, 'tok-a'),
  );
}

async function expectNothingFrom(
  inst: Inst,
  rows: ReturnType<typeof bigDocs>,
  before: number,
): Promise<void> {
  expect(await countAll(inst)).toBe(before);
  expect(
    await inst.findDocumentsById(
      rows.map((r) => r.document.id as string),
      true,
    ),
  ).toEqual([]);
  expect(inst.internals.connection.pragma('integrity_check', { simple: true })).toBe('ok');
}

describe('bad options', () => {
  it('names the problem and the fix', () => {
    expect(() => getRxStorageSqlite({} as never)).toThrow(/"directory" must be a non-empty folder path/);
    expect(() => getRxStorageSqlite({ directory: folder.dir, synchronous: 'OFF' as never })).toThrow(
      /"synchronous" must be 'FULL' or 'NORMAL'/,
    );
  });

  it('refuses a directory that is a file', async () => {
    const file = join(folder.dir, 'not-a-folder');
    writeFileSync(file, 'x');
    await expect(open(file, 'db')).rejects.toMatchObject({ code: 'FOLDER_UNUSABLE' });
  });

  it('keeps database names inside the folder, whatever they contain', async () => {
    const dir = join(folder.dir, 'names');
    const inst = await open(dir, '../../etc/passwd\u{1F600}');
    expect(inst.internals.file.startsWith(dir)).toBe(true);
    await inst.close();
    expect(readdirSync(dir)).toEqual(['%2E%2E%2F%2E%2E%2Fetc%2Fpasswd%F0%9F%98%80.sqlite']);
  });
});

describe('full disk', () => {
  it('reports DISK_FULL and writes nothing of the batch when the database hits its size limit', async () => {
    const inst = await open(folder.dir, uniqueName('pagelimit'));
    const first = bigDocs('ok', 20, 100);
    expect((await inst.bulkWrite(first as never, 'w')).error).toEqual([]);
    const db = inst.internals.connection;
    const pages = db.pragma('page_count', { simple: true }) as number;
    // SQLite returns SQLITE_FULL past max_page_count exactly as it does when the disk runs out.
    db.pragma(`max_page_count = ${pages + 3}`);
    const events: unknown[] = [];
    const sub = inst.changeStream().subscribe((e) => events.push(e));
    const big = bigDocs('big', 300, 2000);
    const err = await inst.bulkWrite(big as never, 'w').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SqliteStorageError);
    expect(err).toMatchObject({ code: 'DISK_FULL' });
    expect((err as Error).message).toMatch(
      /disk is full.*Nothing from this operation was saved.*Free some disk space/s,
    );
    expect(events).toEqual([]);
    await expectNothingFrom(inst, big, 20);
    db.pragma('max_page_count = 1073741823');
    expect((await inst.bulkWrite(big as never, 'w')).error).toEqual([]);
    expect(await countAll(inst)).toBe(320);
    sub.unsubscribe();
    await inst.close();
  });

  it(`reports DISK_FULL on a real full file system${isRoot ? ' (1 MiB tmpfs)' : ' (needs root: page limit instead)'}`, async () => {
    const dir = join(folder.dir, 'tiny-disk');
    mkdirSync(dir);
    const mounted = mountTmpfs(dir, 1024);
    if (isRoot && !mounted)
      throw new Error('Running as root but cannot mount a tmpfs; allow mount or run as a normal user.');
    try {
      const name = uniqueName('enospc');
      const inst = await open(dir, name);
      if (!mounted) inst.internals.connection.pragma('max_page_count = 200');
      let written = 0;
      let failure: unknown;
      let failed: ReturnType<typeof bigDocs> = [];
      for (let batch = 0; batch < 200 && !failure; batch++) {
        const rows = bigDocs(`b${batch}`, 10, 4000);
        try {
          const res = await inst.bulkWrite(rows as never, 'fill');
          expect(res.error).toEqual([]);
          written += rows.length;
        } catch (e) {
          failure = e;
          failed = rows;
        }
      }
      expect(failure).toMatchObject({ code: 'DISK_FULL' });
      expect(written).toBeGreaterThan(0);
      await expectNothingFrom(inst, failed, written);
      await inst.close();
      // Everything acknowledged before the disk filled is still there after reopening.
      const again = await open(dir, name);
      expect(await countAll(again)).toBe(written);
      await again.close();
    } finally {
      if (mounted) unmount(dir);
    }
  }, 60_000);
});

describe('read-only folder', () => {
  it(`refuses to create or open a database there and changes nothing${isRoot ? ' (read-only tmpfs)' : ' (chmod)'}`, async () => {
    const dir = join(folder.dir, 'readonly');
    mkdirSync(dir);
    const mounted = mountTmpfs(dir, 4096);
    if (isRoot && !mounted)
      throw new Error('Running as root but cannot mount a tmpfs; allow mount or run as a normal user.');
    const name = uniqueName('ro');
    try {
      const inst = await open(dir, name);
      await inst.bulkWrite(bigDocs('ro', 5, 10) as never, 'w');
      await inst.close();
      const file = join(dir, `${name}.sqlite`);
      const before = digest(file);
      const listing = readdirSync(dir).sort();
      if (mounted) remount(dir, 'ro');
      else {
        chmodSync(file, 0o444);
        chmodSync(dir, 0o555);
      }
      try {
        const openErr = await open(dir, name).catch((e: unknown) => e);
        expect(openErr).toMatchObject({ code: 'READ_ONLY' });
        expect((openErr as Error).message).toMatch(/read-only.*Choose a writable data folder/s);
        await expect(open(dir, uniqueName('new'))).rejects.toMatchObject({ code: 'READ_ONLY' });
        expect(digest(file)).toBe(before);
        expect(readdirSync(dir).sort()).toEqual(listing);
      } finally {
        if (mounted) remount(dir, 'rw');
        else {
          chmodSync(dir, 0o755);
          chmodSync(file, 0o644);
        }
      }
      const back = await open(dir, name);
      expect(await countAll(back)).toBe(5);
      await back.close();
    } finally {
      if (mounted) unmount(dir);
    }
  });
});

describe('damaged and foreign files', () => {
  it('refuses a file that is not a database, without touching it', async () => {
    const name = uniqueName('garbage');
    const file = join(folder.dir, `${name}.sqlite`);
    writeFileSync(file, Buffer.alloc(8192, 0x5a));
    const err = await open(folder.dir, name).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CORRUPT' });
    expect((err as Error).message).toMatch(/damaged or is not a database.*restore it from a backup/s);
    expect(readFileSync(file).equals(Buffer.alloc(8192, 0x5a))).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('reports a damaged page when it is read, and keeps working for the rest', async () => {
    const name = uniqueName('damaged');
    const inst = await open(folder.dir, name);
    await inst.bulkWrite(bigDocs('d', 3000, 200) as never, 'w');
    await inst.close();
    const file = join(folder.dir, `${name}.sqlite`);
    const bytes = readFileSync(file);
    const page = 4096;
    bytes.fill(
      0xab,
      Math.floor(bytes.length / page / 2) * page,
      (Math.floor(bytes.length / page / 2) + 1) * page,
    );
    writeFileSync(file, bytes);
    const again = await open(folder.dir, name);
    const err = await again.query(all()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CORRUPT' });
    expect((err as Error).message).toContain(file);
    await again.close();
  });

  it('refuses another application’s SQLite file and a newer storage format', async () => {
    const foreign = uniqueName('foreign');
    const other = new Database(join(folder.dir, `${foreign}.sqlite`));
    other.exec('CREATE TABLE accounts (id INTEGER PRIMARY KEY)');
    other.close();
    await expect(open(folder.dir, foreign)).rejects.toMatchObject({ code: 'NOT_A_STORAGE_FILE' });

    const newer = uniqueName('newer');
    await (await open(folder.dir, newer)).close();
    const db = new Database(join(folder.dir, `${newer}.sqlite`));
    db.pragma('user_version = 99');
    db.close();
    const err = await open(folder.dir, newer).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NEWER_FORMAT' });
    expect((err as Error).message).toMatch(/Update Creditdesk/);
  });
});

describe('opened twice', () => {
  it('in this process: RxDB refuses a second live RxDatabase; storage instances share one connection', async () => {
    const name = uniqueName('twice');
    const storage = getRxStorageSqlite({ directory: folder.dir });
    const first = await createRxDatabase({ name, storage, multiInstance: false });
    await expect(createRxDatabase({ name, storage, multiInstance: false })).rejects.toMatchObject({
      code: 'DB8',
    });
    // RxDB's removal helpers open the same file under fresh tokens; they must see the same data.
    const a = await open(folder.dir, name, itemSchema, 'token-one');
    await a.bulkWrite([insertRow(sampleItems()[0]!, 'token-one')] as never, 'w');
    const b = await open(folder.dir, name, itemSchema, 'token-two');
    expect(b.internals.connection).toBe(a.internals.connection);
    expect(await countAll(b)).toBe(1);
    await a.close();
    await b.close();
    await first.close();
  });

  it('refuses a database another process holds, and opens it once that process is killed', async () => {
    const name = uniqueName('other-proc');
    const holder = spawnTs('test/fixtures/storage/open-database.ts', [folder.dir, name, 'hold']);
    expect(JSON.parse(await firstLine(holder))).toEqual({ ok: true });
    const err = await open(folder.dir, name).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'LOCKED_BY_OTHER_PROCESS' });
    expect((err as Error).message).toMatch(/in use by another process.*Close that process/s);
    holder.kill('SIGKILL');
    await exited(holder);
    const mine = await open(folder.dir, name);
    // And the other way round: while this process holds it, a second process is refused.
    const prober = spawnTs('test/fixtures/storage/open-database.ts', [folder.dir, name, 'try']);
    const answer = JSON.parse(await firstLine(prober)) as { ok: boolean; code?: string };
    await exited(prober);
    expect(answer).toMatchObject({ ok: false, code: 'LOCKED_BY_OTHER_PROCESS' });
    await mine.close();
  }, 60_000);
});

describe('schema changes at the same version', () => {
  it('rebuilds the table for changed indexes, keeping every document', async () => {
    const name = uniqueName('reindex');
    const first = await open(folder.dir, name);
    await first.bulkWrite(sampleItems().map((i) => insertRow(i, 'tok-a')) as never, 'w');
    await first.close();
    const changed = fillWithDefaultSettings({
      ...itemSchemaInput,
      indexes: [...itemSchemaInput.indexes!, ['active', 'age']],
    }) as RxJsonSchema<never>;
    const second = await open(folder.dir, name, changed as never);
    const query = prepareQuery(
      changed as never,
      normalizeMangoQuery(
        changed as never,
        {
          selector: { _deleted: false, active: true, age: { $gt: 10 } },
        } as never,
      ),
    );
    expect((query.queryPlan.index as string[]).join(',')).toBe('_deleted,active,age,id');
    const docs = (await second.query(query as never)).documents;
    expect(docs.map((d) => d.id).sort()).toEqual(
      sampleItems()
        .filter((i) => i.active && i.age > 10)
        .map((i) => i.id)
        .sort(),
    );
    expect(second.explain(query as never).join()).toMatch(/SEARCH .* USING INDEX/);
    expect(await countAll(second)).toBe(sampleItems().length);
    await second.close();
  });

  it('refuses a different primary key without touching the data', async () => {
    const name = uniqueName('newpk');
    const first = await open(folder.dir, name);
    await first.bulkWrite(sampleItems().map((i) => insertRow(i, 'tok-a')) as never, 'w');
    await first.close();
    const other = fillWithDefaultSettings({
      ...itemSchemaInput,
      primaryKey: 'name' as never,
    }) as RxJsonSchema<never>;
    const err = await open(folder.dir, name, other as never).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SCHEMA_CONFLICT' });
    expect((err as Error).message).toMatch(/new schema version with a migration strategy/);
    const again = await open(folder.dir, name);
    expect(await countAll(again)).toBe(sampleItems().length);
    await again.close();
  });
});
