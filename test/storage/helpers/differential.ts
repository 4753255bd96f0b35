/**
 * Differential harness: every operation runs on the SQLite storage and on RxDB's storage-memory (the
 * reference) with the same input, and the outputs must be equal. Change events are collected on both
 * sides and compared after every write, including how many had arrived by the time bulkWrite resolved.
 */
import type {
  BulkWriteRow,
  EventBulk,
  MangoQuery,
  RxDocumentData,
  RxJsonSchema,
  RxStorage,
  RxStorageDefaultCheckpoint,
  RxStorageInstance,
  RxStorageWriteError,
} from 'rxdb';
import { getChangedDocumentsSince, normalizeMangoQuery, prepareQuery, randomToken } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import type { Subscription } from 'rxjs';
import { expect } from 'vitest';
import { getRxStorageSqlite } from '../../../src-main/storage/index';
import type { RxStorageInstanceSqlite } from '../../../src-main/storage/instance';
import { uniqueName } from './temp';

type AnyDoc = Record<string, unknown>;
type Instance = RxStorageInstance<AnyDoc, unknown, unknown, RxStorageDefaultCheckpoint>;
type Bulk = EventBulk<unknown, unknown>;

interface Side {
  readonly label: 'sqlite' | 'memory';
  readonly storage: RxStorage<unknown, unknown>;
  instance: Instance;
  events: Bulk[];
  sub: Subscription;
}

/** Deep copy that keeps Blobs by reference, so each side gets its own document objects. */
export function cloneData<T>(value: T): T {
  if (value instanceof Blob) return value;
  if (Array.isArray(value)) return value.map(cloneData) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = cloneData(v);
    return out as T;
  }
  return value;
}

function eventShape(bulks: Bulk[]) {
  return bulks.map((b) => ({ context: b.context, checkpoint: b.checkpoint, events: b.events }));
}

export interface PairOptions {
  directory: string;
  schema: RxJsonSchema<RxDocumentData<unknown>>;
  databaseName?: string;
  collectionName?: string;
}

export class DifferentialPair {
  readonly token = randomToken(10);
  readonly databaseName: string;
  readonly collectionName: string;
  readonly schema: RxJsonSchema<RxDocumentData<unknown>>;
  private readonly sides: [Side, Side];
  /** Counts compared operations, reported by the conformance suite. */
  comparisons = 0;

  private constructor(options: PairOptions, sides: [Side, Side]) {
    this.databaseName = options.databaseName!;
    this.collectionName = options.collectionName!;
    this.schema = options.schema;
    this.sides = sides;
  }

  static async open(options: PairOptions): Promise<DifferentialPair> {
    const opts = {
      ...options,
      databaseName: options.databaseName ?? uniqueName('diff'),
      collectionName: options.collectionName ?? 'items',
    };
    const storages: [Side['label'], RxStorage<unknown, unknown>][] = [
      ['sqlite', getRxStorageSqlite({ directory: options.directory }) as RxStorage<unknown, unknown>],
      ['memory', getRxStorageMemory() as RxStorage<unknown, unknown>],
    ];
    const pair = new DifferentialPair(
      opts,
      storages.map(([label, storage]) => ({ label, storage }) as Side) as [Side, Side],
    );
    await pair.openInstances();
    return pair;
  }

  private async openInstances(): Promise<void> {
    for (const side of this.sides) {
      side.instance = (await side.storage.createStorageInstance({
        databaseInstanceToken: this.token,
        databaseName: this.databaseName,
        collectionName: this.collectionName,
        schema: this.schema,
        options: {},
        multiInstance: false,
        devMode: false,
      })) as Instance;
      side.events = [];
      side.sub = side.instance.changeStream().subscribe((b) => side.events.push(b as Bulk));
    }
  }

  get sqlite(): RxStorageInstanceSqlite<AnyDoc> {
    return this.sides[0].instance as unknown as RxStorageInstanceSqlite<AnyDoc>;
  }

  get memory(): Instance {
    return this.sides[1].instance;
  }

  private async both<R>(run: (instance: Instance) => Promise<R>): Promise<R> {
    const [a, b] = await Promise.all(this.sides.map((s) => run(s.instance)));
    expect(a, 'sqlite result differs from storage-memory').toEqual(b);
    this.comparisons++;
    return b as R;
  }

  /** bulkWrite on both; errors and change events must match. Returns the errors. */
  async write(rows: BulkWriteRow<AnyDoc>[], context = 'test-write'): Promise<RxStorageWriteError<AnyDoc>[]> {
    const results: { errors: RxStorageWriteError<AnyDoc>[]; newBulks: Bulk[]; atResolve: number }[] = [];
    for (const side of this.sides) {
      const before = side.events.length;
      let atResolve = -1;
      const res = await side.instance.bulkWrite(cloneData(rows), context).then((r) => {
        atResolve = side.events.length - before;
        return r;
      });
      results.push({ errors: res.error, newBulks: side.events.slice(before), atResolve });
    }
    const [sq, mem] = results as [(typeof results)[0], (typeof results)[0]];
    expect(sq.errors, 'write errors differ: ' + JSON.stringify([sq.errors, mem.errors])).toEqual(mem.errors);
    expect(eventShape(sq.newBulks), 'change events differ').toEqual(eventShape(mem.newBulks));
    expect(sq.atResolve, 'change events must arrive before bulkWrite resolves').toBe(mem.newBulks.length);
    this.comparisons++;
    return mem.errors;
  }

  findById(ids: string[], withDeleted: boolean) {
    return this.both((i) => i.findDocumentsById(ids, withDeleted));
  }

  prepare(query: MangoQuery<AnyDoc>) {
    return prepareQuery(this.schema as never, normalizeMangoQuery(this.schema as never, query as never));
  }

  async query(query: MangoQuery<AnyDoc>): Promise<AnyDoc[]> {
    const res = await this.both((i) => i.query(this.prepare(query) as never));
    return res.documents;
  }

  async count(query: MangoQuery<AnyDoc>): Promise<number> {
    const res = await this.both((i) => i.count(this.prepare(query) as never));
    return res.count;
  }

  changedSince(limit: number, checkpoint?: RxStorageDefaultCheckpoint) {
    return this.both((i) => getChangedDocumentsSince(i as never, limit, checkpoint));
  }

  /** Pages through every change with the given page size on both sides; pages must match. */
  async allChanges(pageSize: number): Promise<AnyDoc[]> {
    const all: AnyDoc[] = [];
    let checkpoint: RxStorageDefaultCheckpoint | undefined;
    for (;;) {
      const page = await this.changedSince(pageSize, checkpoint);
      all.push(...(page.documents as AnyDoc[]));
      checkpoint = page.checkpoint as RxStorageDefaultCheckpoint;
      if (page.documents.length < pageSize) return all;
    }
  }

  cleanup(minimumDeletedTime: number) {
    return this.both((i) => i.cleanup(minimumDeletedTime));
  }

  async attachment(documentId: string, attachmentId: string, digest: string): Promise<string> {
    const read = async (i: Instance) => {
      try {
        const blob = await i.getAttachmentData(documentId, attachmentId, digest);
        return { ok: true, text: await blob.text(), type: blob.type };
      } catch {
        return { ok: false };
      }
    };
    const res = await this.both(read);
    return res.ok ? (res as { text: string }).text : '';
  }

  async reopen(): Promise<void> {
    await this.close();
    await this.openInstances();
  }

  async close(): Promise<void> {
    for (const side of this.sides) {
      side.sub.unsubscribe();
      await side.instance.close();
    }
  }

  /** Removes both collections (frees storage-memory's process-wide state and deletes the file). */
  async dispose(): Promise<void> {
    for (const side of this.sides) {
      side.sub.unsubscribe();
      await side.instance.remove();
    }
  }
}
