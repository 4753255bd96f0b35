import type { Subscription } from 'rxjs';
import { prepareQuery, type RxCollection } from 'rxdb';
import type { LedgerDoc } from '../../../src-shared/db/collections';
import { LedgerBook, type Balance, type LedgerEntry } from '../../../src-shared/ledger';
import { trustedEntry } from './trusted-doc';

/**
 * The ledger held in memory as a LedgerBook (per-cycle balance snapshots) and kept in step with the
 * collection: local writes and entries arriving by sync both flow in through the change stream, so
 * every machine derives its balance the same way. Listeners hear about changes after the book has them.
 */
export class LedgerService {
  private book: LedgerBook;
  private subscription: Subscription | null = null;
  private readonly listeners = new Set<(entries: LedgerEntry[]) => void>();

  constructor(
    private readonly collection: RxCollection<LedgerDoc>,
    anchorDay: number,
  ) {
    this.book = new LedgerBook({ anchorDay });
  }

  get anchorDay(): number {
    return this.book.anchorDay;
  }

  get size(): number {
    return this.book.size;
  }

  /** Loads every stored entry (raw from storage, oldest first) and starts following new ones. */
  async init(): Promise<void> {
    this.subscription = this.collection.$.subscribe((event) => {
      if (event.operation === 'INSERT' && event.documentData) {
        this.accept([trustedEntry(event.documentData as unknown as Record<string, unknown>)]);
      } else if (event.operation === 'UPDATE') {
        // Entries are immutable; an update only happens when sync resolves a conflict in favour of
        // the team's copy. Rare, so the book is simply rebuilt from storage.
        void this.reload();
      }
    });
    await this.load(this.book);
  }

  private reloading: Promise<void> | null = null;

  /** Rebuilds the book from storage (after a conflict resolution replaced an entry). */
  reload(): Promise<void> {
    this.reloading ??= (async () => {
      const fresh = new LedgerBook({ anchorDay: this.book.anchorDay });
      await this.load(fresh);
      this.book = fresh;
      this.reloading = null;
      for (const listener of this.listeners) listener([]);
    })();
    return this.reloading;
  }

  private async load(book: LedgerBook): Promise<void> {
    const query = prepareQuery(this.collection.schema.jsonSchema, {
      selector: {},
      sort: [{ occurredAt: 'asc' }, { id: 'asc' }],
      skip: 0,
    } as never);
    const { documents } = await this.collection.storageInstance.query(query);
    const entries = new Array<LedgerEntry>(documents.length);
    for (let i = 0; i < documents.length; i++)
      entries[i] = trustedEntry(documents[i] as unknown as Record<string, unknown>);
    book.add(entries);
  }

  /** Adds entries a local command just wrote, without waiting for the change stream. */
  accept(entries: LedgerEntry[]): void {
    const result = this.book.add(entries);
    if (result.added === 0 && result.conflicting === 0) return;
    for (const listener of this.listeners) listener(entries);
  }

  onChange(listener: (entries: LedgerEntry[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  balanceAt(at: number): Balance {
    return this.book.balanceAt(at);
  }

  /** The book itself, as a LedgerSource for analytics and forecasts; callers must not modify it. */
  source(): LedgerBook {
    return this.book;
  }

  /** A different anchor day re-tiles every cycle, so the snapshots are rebuilt from scratch. */
  setAnchorDay(anchorDay: number): void {
    if (anchorDay === this.book.anchorDay) return;
    const next = new LedgerBook({ anchorDay });
    next.add(this.book.entries());
    this.book = next;
    for (const listener of this.listeners) listener([]);
  }

  close(): void {
    this.subscription?.unsubscribe();
    this.listeners.clear();
  }
}
