import type { RxCollection, MangoQuerySelector } from 'rxdb';
import { ledgerEntrySchema, type LedgerEntry } from '../../../src-shared/ledger/entry';
import type { LedgerDoc } from '../../../src-shared/db/collections';
import { fromLedgerDoc, ledgerPayloadKey, toLedgerDoc } from '../../../src-shared/db/ledger-doc';
import type { LedgerFilter } from '../../../src-shared/api/ledger';
import type { EntryGuard } from './local-rules';

export interface LedgerConflict {
  id: string;
  kept: LedgerEntry;
  rejected: LedgerEntry;
}

export interface AppendResult {
  inserted: LedgerEntry[];
  /** Same id, same fact: already recorded (here or by another machine). Nothing was written. */
  duplicates: LedgerEntry[];
  /** Same id, different fact: never merged; the stored one stays and the attempt is reported. */
  conflicts: LedgerConflict[];
}

/**
 * The append-only ledger over its RxDB collection. Entries are only ever inserted: an insert under
 * an existing id is either the same fact again (a no-op) or a conflict that is reported.
 */
export class LedgerCollection {
  private guard: EntryGuard | null = null;

  constructor(readonly collection: RxCollection<LedgerDoc>) {}

  /** The entry rules every append must pass (the endpoint's rules, see local-rules.ts). */
  useRules(guard: EntryGuard): void {
    this.guard = guard;
  }

  async append(entries: LedgerEntry[]): Promise<AppendResult> {
    const result: AppendResult = { inserted: [], duplicates: [], conflicts: [] };
    if (entries.length === 0) return result;
    // Validate everything first so a bad entry in a batch writes nothing.
    const valid = entries.map((e) => ledgerEntrySchema.parse(e));
    if (this.guard) await this.guard(valid);
    const firstById = new Map<string, LedgerEntry>();
    const batch: LedgerEntry[] = [];
    for (const entry of valid) {
      const seen = firstById.get(entry.id);
      if (!seen) {
        firstById.set(entry.id, entry);
        batch.push(entry);
      } else classify(seen, entry, result);
    }
    const written = await this.collection.bulkInsert(batch.map(toLedgerDoc));
    const failedIds = new Set<string>();
    for (const error of written.error) {
      if (error.status !== 409 || !error.documentInDb)
        throw new Error(`Ledger write failed for ${error.documentId}: status ${error.status}`);
      failedIds.add(error.documentId);
      classify(
        fromLedgerDoc(error.documentInDb as Record<string, unknown>),
        firstById.get(error.documentId)!,
        result,
      );
    }
    for (const entry of batch) if (!failedIds.has(entry.id)) result.inserted.push(entry);
    return result;
  }

  async get(id: string): Promise<LedgerEntry | null> {
    const doc = await this.collection.findOne(id).exec();
    return doc ? fromLedgerDoc(doc.toMutableJSON()) : null;
  }

  async getMany(ids: string[]): Promise<Map<string, LedgerEntry>> {
    const docs = await this.collection.findByIds(ids).exec();
    const out = new Map<string, LedgerEntry>();
    for (const [id, doc] of docs) out.set(id, fromLedgerDoc(doc.toMutableJSON()));
    return out;
  }

  /** Every reversal of `usageId`: the full one and the partial ones. */
  async reversalsOf(usageId: string): Promise<LedgerEntry[]> {
    return (await this.reversalsOfMany([usageId])).get(usageId) ?? [];
  }

  /**
   * The reversals of each usage in `usageIds`, in one read. The (kind, occurredAt) index bounds it to
   * the ledger's reversals; an id range on the primary key would not be served by any index and would
   * read the whole ledger once per usage.
   */
  async reversalsOfMany(usageIds: readonly string[]): Promise<Map<string, LedgerEntry[]>> {
    const out = new Map<string, LedgerEntry[]>();
    if (usageIds.length === 0) return out;
    const docs = await this.collection
      .find({ selector: { kind: 'reversal', usageId: { $in: [...new Set(usageIds)] } } })
      .exec();
    for (const doc of docs) {
      const entry = fromLedgerDoc(doc.toMutableJSON());
      if (entry.kind !== 'reversal') continue;
      const list = out.get(entry.usageId);
      if (list) list.push(entry);
      else out.set(entry.usageId, [entry]);
    }
    return out;
  }

  async count(filter: LedgerFilter = {}): Promise<number> {
    return this.collection.count({ selector: selectorFor(filter) }).exec();
  }

  /**
   * One page of the filtered ledger in (occurredAt, id) order or its reverse. RxDB counts a
   * descending sort as never served by an index, so the storage would read and sort every match;
   * newest-first pages are therefore read as the mirrored oldest-first page and reversed. A caller
   * that already counted the matches passes `total` so they are not counted twice.
   */
  async page(
    filter: LedgerFilter,
    sort: 'newest' | 'oldest',
    offset: number,
    limit: number,
    known?: number,
  ): Promise<LedgerEntry[]> {
    let skip = offset;
    let take = limit;
    if (sort === 'newest') {
      const total = known ?? (await this.count(filter));
      if (offset >= total) return [];
      take = Math.min(limit, total - offset);
      skip = total - offset - take;
    }
    const docs = await this.collection
      .find({
        selector: selectorFor(filter),
        sort: [{ occurredAt: 'asc' }, { id: 'asc' }],
        skip,
        limit: take,
      })
      .exec();
    const entries = docs.map((d) => fromLedgerDoc(d.toMutableJSON()));
    return sort === 'newest' ? entries.reverse() : entries;
  }

  /** Entries with from ≤ occurredAt < to, oldest first: the unit of replay (one billing cycle). */
  async between(from: number, to: number): Promise<LedgerEntry[]> {
    const docs = await this.collection
      .find({
        selector: { occurredAt: { $gte: from, $lt: to } },
        sort: [{ occurredAt: 'asc' }, { id: 'asc' }],
      })
      .exec();
    return docs.map((d) => fromLedgerDoc(d.toMutableJSON()));
  }

  async countBefore(at: number): Promise<number> {
    return this.collection.count({ selector: { occurredAt: { $lt: at } } }).exec();
  }

  /** Entries with from ≤ occurredAt < to: an index range count, no documents read. */
  async countBetween(from: number, to: number): Promise<number> {
    return this.collection.count({ selector: { occurredAt: { $gte: from, $lt: to } } }).exec();
  }

  /** The oldest entry's time, or null for an empty ledger. */
  async firstOccurredAt(): Promise<number | null> {
    const doc = await this.collection.findOne({ selector: {}, sort: [{ occurredAt: 'asc' }] }).exec();
    return doc ? doc.occurredAt : null;
  }
}

function classify(kept: LedgerEntry, attempt: LedgerEntry, result: AppendResult): void {
  if (ledgerPayloadKey(kept) === ledgerPayloadKey(attempt)) result.duplicates.push(kept);
  else result.conflicts.push({ id: kept.id, kept, rejected: attempt });
}

/** Ledger filters as a Mango selector the query planner can serve from the schema's indexes. */
export function selectorFor(filter: LedgerFilter): MangoQuerySelector<LedgerDoc> {
  const selector: Record<string, unknown> = {};
  if (filter.kinds?.length) selector.kind = { $in: filter.kinds };
  if (filter.actionKinds?.length) selector.actionKind = { $in: filter.actionKinds };
  if (filter.buckets?.length) selector.bucket = { $in: filter.buckets };
  if (filter.machineIds?.length) selector.machineId = { $in: filter.machineIds };
  if (filter.from !== undefined || filter.to !== undefined) {
    selector.occurredAt = {
      ...(filter.from !== undefined ? { $gte: filter.from } : {}),
      ...(filter.to !== undefined ? { $lt: filter.to } : {}),
    };
  }
  return selector as MangoQuerySelector<LedgerDoc>;
}
