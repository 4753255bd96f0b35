import type { Subscription } from 'rxjs';
import type { RxCollection, RxStorageChangeEvent } from 'rxdb';
import { documentChanges } from '../db/document-changes';
import type { LedgerDoc } from '../../../src-shared/db/collections';
import { ledgerPayloadKey } from '../../../src-shared/db/ledger-doc';
import {
  createCheckpoint,
  cycleFor,
  forecast,
  LedgerBook,
  type Balance,
  type CheckpointView,
  type Forecast,
  type ForecastOptions,
  type LedgerEntry,
} from '../../../src-shared/ledger';
import { ApiError } from '../../../src-shared/api/errors';
import { removeCheckpointFile, writeCheckpointFile } from './checkpoint-file';
import { openFromCheckpoint } from './checkpoint-open';
import { openFromImage } from './image-open';
import { writeLedgerImage } from './ledger-image-file';
import { NO_WRITES, readAllInChunks, writtenAfter, type WritePosition } from './ledger-reader';
import { LedgerCollection } from './ledger-collection';
import { sameBalance } from './same-balance';
import { trustedEntry } from './trusted-doc';

export interface LedgerServiceOptions {
  /** The balance checkpoint file; without one, start-up loads the whole ledger before answering. */
  checkpointPath?: string;
  now?: () => number;
  log?: (message: string) => void;
  /** Entries per read while loading (tests make it small to exercise the windows). */
  chunk?: number;
  /** Awaited before a background load starts reading (tests hold the fast phase open with it). */
  backgroundGate?: Promise<void>;
  /** The ledger image file (ledger-image-file.ts); without one, every load scans storage. */
  imagePath?: string;
  /** Entries the book may gain or lose after an image before a fresh one is written. */
  imageRefreshEntries?: number;
}

/** Where the last whole-ledger load came from: the image plus later writes, or a storage scan (and why). */
export type LedgerLoad = { from: 'image'; caughtUp: number } | { from: 'storage'; reason: string };

/** How start-up went: answered from a checkpoint (and which cut), or loaded everything first (and why). */
export type LedgerStartup = { from: 'checkpoint'; cut: number } | { from: 'full'; reason: string };

/** Outside a cycle change, the checkpoint is refreshed this often, so a crash loses little of it. */
const CHECKPOINT_REFRESH_MS = 60 * 60_000;
/** A start reads the writes after the image one by one: past this many, a fresh image pays. */
const IMAGE_REFRESH_ENTRIES = 10_000;
const DEFAULT_CHUNK = 4000;
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));
const noPause = () => Promise.resolve();

/**
 * The ledger held in memory as a LedgerBook (per-cycle balance snapshots) and kept in step with the
 * collection: local writes and entries arriving by sync both flow in through the change stream, so
 * every machine derives its balance the same way. Listeners hear about changes after the book has them.
 *
 * Start-up does not wait for the whole ledger when a valid balance checkpoint is on disk (see
 * checkpoint-open.ts): balances and forecasts come from the checkpoint plus the entries since its
 * cut while the book loads in the background, in windows that leave the process responsive. Anything
 * that needs the whole history awaits `fullSource()`. When the book is in, it takes over, is compared
 * with the fast answer, and a fresh checkpoint is written. Every balance, fast or not, equals a full
 * replay; when the fast view cannot know one (a late entry before the cut, say), callers wait.
 */
export class LedgerService {
  private book: LedgerBook | null = null;
  private view: CheckpointView | null = null;
  private anchor: number;
  private subscription: Subscription | null = null;
  private readonly listeners = new Set<(entries: LedgerEntry[]) => void>();
  private readonly store: LedgerCollection;
  private readonly now: () => number;
  private readonly log: (message: string) => void;
  private database: string | null = null;
  private firstLoad: Promise<void> | null = null;
  private reloading: Promise<void> | null = null;
  private reloadWanted = false;
  /** Entries accepted while a load runs: it may have read past the windows they fall in. */
  private pending: LedgerEntry[] | null = null;
  /** The latest storage write the book reflects. */
  private written: WritePosition = NO_WRITES;
  /** Changes of stored facts (sync conflict resolutions) seen, and how many the book reflects. */
  private factChanges = 0;
  private bookFactChanges = 0;
  private lastWrite: { cycleStart: number; at: number } | null = null;
  private closed = false;
  /** Book size the image file on disk holds; null when there is none this process knows of. */
  private imageSize: number | null = null;
  private imageTimer: NodeJS.Immediate | null = null;
  /** Diagnostics for logs and tests. */
  startup: LedgerStartup = { from: 'full', reason: 'not started' };
  lastLoad: LedgerLoad | null = null;

  constructor(
    private readonly collection: RxCollection<LedgerDoc>,
    anchorDay: number,
    private readonly options: LedgerServiceOptions = {},
  ) {
    this.anchor = anchorDay;
    this.store = new LedgerCollection(collection);
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((message) => console.info(`[creditdesk] ledger: ${message}`));
  }

  get anchorDay(): number {
    return this.anchor;
  }

  /** Distinct entries held (exact while balances can be answered). */
  get size(): number {
    return this.book?.size ?? this.view?.size ?? 0;
  }

  /** True once the whole ledger is in memory. */
  get loaded(): boolean {
    return this.book !== null;
  }

  /**
   * Starts following the collection, then either opens from the balance checkpoint (and loads the
   * rest in the background) or loads every entry before returning.
   */
  async init(): Promise<void> {
    // Entries arriving before the book or the view exists are kept for whichever comes first.
    this.pending = [];
    this.subscription = documentChanges(this.collection).subscribe((event) => this.onEvent(event));
    const path = this.options.checkpointPath;
    if (path || this.options.imagePath) this.database = await this.collection.database.storageToken;
    if (path) {
      const opened = await openFromCheckpoint({
        collection: this.collection,
        store: this.store,
        path,
        database: this.database!,
        anchorDay: this.anchor,
        now: this.now(),
      });
      if ('view' in opened) {
        this.startup = { from: 'checkpoint', cut: opened.checkpoint.cut };
        this.view = opened.view;
        this.view.add(this.pending);
        this.firstLoad = this.load(true);
        this.firstLoad.catch((error) => {
          if (!this.closed) this.log(`loading the ledger failed: ${String(error)}`);
        });
        return;
      }
      if (opened.reason !== 'missing') this.log(`balance checkpoint not used: ${opened.reason}`);
      this.startup = { from: 'full', reason: opened.reason };
    } else {
      this.startup = { from: 'full', reason: 'no checkpoint file configured' };
    }
    this.firstLoad = this.load(false);
    await this.firstLoad;
  }

  private onEvent(event: RxStorageChangeEvent<LedgerDoc>): void {
    const doc = event.documentData as unknown as Record<string, unknown> | undefined;
    if (event.operation === 'INSERT' && doc) {
      this.seen(doc);
      this.accept([trustedEntry(doc)]);
      return;
    }
    // Entries are immutable; an update only happens when sync resolves a conflict in favour of the
    // team's copy. The same fact under other provenance is swapped in place; a different fact (rare)
    // is replaced in the book, which replays from the snapshot before it, and voids the checkpoint
    // file and the fast view. Only while a load runs (it may have read the old copy) or for an id
    // the book holds conflicting copies of is the book rebuilt from storage.
    const before = event.previousDocumentData as unknown as Record<string, unknown> | undefined;
    const sameFact =
      event.operation === 'UPDATE' &&
      doc !== undefined &&
      before !== undefined &&
      ledgerPayloadKey(trustedEntry(doc)) === ledgerPayloadKey(trustedEntry(before));
    if (sameFact) {
      this.seen(doc);
      // Two machines wrote the same grant offline and the team's copy won: only provenance moved.
      if (this.book !== null && this.book.swapCopy(trustedEntry(doc))) {
        for (const listener of this.listeners) listener([]);
        return;
      }
    } else {
      this.factChanges++;
      this.view?.invalidate(`stored entry ${event.documentId} changed`);
      try {
        if (this.options.checkpointPath) removeCheckpointFile(this.options.checkpointPath);
      } catch (error) {
        // The write position in the file still exposes the change to the next start-up.
        this.log(`could not remove the balance checkpoint: ${String(error)}`);
      }
      if (this.replaceInBook(event.operation === 'DELETE' ? undefined : doc)) return;
    }
    this.reload().catch((error) => this.log(`reloading the ledger failed: ${String(error)}`));
  }

  /** Holds a changed stored fact in the loaded book without a rebuild; false when it cannot. */
  private replaceInBook(doc: Record<string, unknown> | undefined): boolean {
    const book = this.book;
    if (book === null || doc === undefined || this.pending !== null || this.reloading !== null) return false;
    if (this.factChanges !== this.bookFactChanges + 1) return false;
    if (!book.replaceFact(trustedEntry(doc))) return false;
    this.seen(doc);
    this.bookFactChanges = this.factChanges;
    for (const listener of this.listeners) listener([]);
    return true;
  }

  private seen(doc: Record<string, unknown>): void {
    const lwt = (doc._meta as { lwt?: number } | undefined)?.lwt;
    if (typeof lwt !== 'number' || typeof doc.id !== 'string') return;
    const at = { lwt, id: doc.id };
    if (writtenAfter(at, this.written)) this.written = at;
  }

  /** Rebuilds the book from storage (after a conflict resolution replaced an entry). */
  reload(): Promise<void> {
    if (this.book === null) {
      // The first load may have read the old copy: load again once it is done.
      this.reloadWanted = true;
      return this.firstLoad ?? Promise.resolve();
    }
    this.reloading ??= this.load(true).finally(() => (this.reloading = null));
    return this.reloading;
  }

  /**
   * Reads every stored entry into a new book and switches to it. In the background, reads yield
   * between windows so requests keep being served; entries accepted meanwhile are added at the end.
   */
  private async load(background: boolean): Promise<void> {
    const factChanges = this.factChanges;
    let book: LedgerBook;
    let latest = NO_WRITES;
    this.pending ??= [];
    try {
      if (background) {
        await this.options.backgroundGate;
        await yieldToOthers();
      }
      const image = await this.fromImage();
      if (image !== null) {
        book = image.book;
        latest = image.latest;
      } else {
        book = new LedgerBook({ anchorDay: this.anchor });
        latest = await this.scanInto(book, background);
      }
      if (this.closed) return;
      book.add(this.pending);
    } finally {
      this.pending = null;
    }
    this.switchTo(book, latest, factChanges);
  }

  /** The book from the image file and the writes after it, or null (and why, in lastLoad) to scan. */
  private async fromImage(): Promise<{ book: LedgerBook; latest: WritePosition } | null> {
    const path = this.options.imagePath;
    if (!path || this.database === null) {
      this.lastLoad = { from: 'storage', reason: 'no image file configured' };
      return null;
    }
    const opened = await openFromImage({
      collection: this.collection,
      path,
      database: this.database,
      anchorDay: this.anchor,
    });
    if ('reason' in opened) {
      if (opened.reason !== 'missing') this.log(`ledger image not used: ${opened.reason}`);
      this.lastLoad = { from: 'storage', reason: opened.reason };
      this.imageSize = null;
      return null;
    }
    this.lastLoad = { from: 'image', caughtUp: opened.caughtUp };
    this.imageSize = opened.imageEntries;
    return opened;
  }

  /** Reads every stored entry into `book`; returns the latest write among them. */
  private async scanInto(book: LedgerBook, background: boolean): Promise<WritePosition> {
    let latest = NO_WRITES;
    const one: LedgerEntry[] = [];
    await readAllInChunks(
      this.collection,
      (batch) => {
        if (writtenAfter(batch.latest, latest)) latest = batch.latest;
      },
      {
        chunk: this.options.chunk ?? DEFAULT_CHUNK,
        pause: background ? yieldToOthers : noPause,
        stopped: () => this.closed,
        sized: (total) => book.reserve(total),
        each: (entry) => {
          one[0] = entry;
          book.add(one);
        },
      },
    );
    return latest;
  }

  private switchTo(loaded: LedgerBook, latest: WritePosition, factChanges: number): void {
    let book = loaded;
    if (book.anchorDay !== this.anchor) {
      book = loaded.withAnchorDay(this.anchor);
    }
    const now = this.now();
    const full = book.balanceAt(now);
    const fast = this.view?.balanceAt(now) ?? null;
    if (fast !== null && !sameBalance(fast, full)) {
      this.log(
        `the balance from the checkpoint (${fast.total}) differed from the full ledger's (${full.total}); using the full ledger`,
      );
    }
    this.book = book;
    this.view = null;
    if (writtenAfter(latest, this.written)) this.written = latest;
    this.bookFactChanges = factChanges;
    this.writeCheckpoint(now);
    // Off the path of the answer that waited for this load; close() writes it if still due.
    this.imageTimer ??= setImmediate(() => {
      this.imageTimer = null;
      this.writeImageIfDue();
    });
    for (const listener of this.listeners) listener([]);
    if (this.reloadWanted || this.factChanges !== factChanges) {
      this.reloadWanted = false;
      this.reload().catch((error) => this.log(`reloading the ledger failed: ${String(error)}`));
    }
  }

  /** Adds entries a local command just wrote, without waiting for the change stream. */
  accept(entries: LedgerEntry[]): void {
    if (this.pending !== null) for (const entry of entries) this.pending.push(entry);
    let changed: boolean;
    if (this.book !== null) {
      const result = this.book.add(entries);
      changed = result.added > 0 || result.conflicting > 0;
    } else if (this.view !== null) {
      const wasStale = this.view.stale;
      const result = this.view.add(entries);
      changed = result.added > 0 || result.conflicting > 0;
      if (wasStale === null && this.view.stale !== null)
        this.log(`balances wait for the full ledger: ${this.view.stale}`);
    } else {
      changed = entries.length > 0;
    }
    if (!changed) return;
    for (const listener of this.listeners) listener(entries);
  }

  onChange(listener: (entries: LedgerEntry[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The balance at `at`, now. Throws ApiError 'unavailable' in the rare moment when only the
   * whole ledger can answer and it is still loading; `balance()` waits instead.
   */
  balanceAt(at: number): Balance {
    if (this.book !== null) return this.book.balanceAt(at);
    const fast = this.view?.balanceAt(at) ?? null;
    if (fast !== null) return fast;
    throw new ApiError('unavailable', 'The ledger is still loading; try again in a moment.');
  }

  /** The balance at `at`: from the book or the checkpoint view, else once the book is loaded. */
  async balance(at: number): Promise<Balance> {
    if (this.book === null) {
      const fast = this.view?.balanceAt(at) ?? null;
      if (fast !== null) return fast;
    }
    return (await this.fullSource()).balanceAt(at);
  }

  /** The forecast from a balance this service gave, without waiting for the book when possible. */
  async forecast(balance: Balance, options: ForecastOptions): Promise<Forecast> {
    if (this.book === null) {
      const fast = this.view?.forecast(balance, options) ?? null;
      if (fast !== null) return fast;
    }
    return forecast(await this.fullSource(), balance, options);
  }

  /**
   * The book itself, as a LedgerSource for analytics and forecasts; callers must not modify it.
   * @throws ApiError 'unavailable' while the whole ledger is loading; see fullSource().
   */
  source(): LedgerBook {
    if (this.book !== null) return this.book;
    throw new ApiError('unavailable', 'The ledger is still loading; try again in a moment.');
  }

  /** The book once the whole ledger is loaded. */
  async fullSource(): Promise<LedgerBook> {
    if (this.book === null) await this.firstLoad;
    if (this.book === null) throw new ApiError('unavailable', 'The ledger is closed.');
    return this.book;
  }

  /** A different anchor day re-tiles every cycle, so the snapshots are rebuilt from scratch. */
  setAnchorDay(anchorDay: number): void {
    if (anchorDay === this.anchor) return;
    this.anchor = anchorDay;
    if (this.book !== null) {
      this.book = this.book.withAnchorDay(anchorDay);
      this.writeCheckpoint(this.now());
    }
    // The checkpoint was taken for the old cycles: balances wait for the book.
    this.view?.invalidate('the anchor day changed');
    for (const listener of this.listeners) listener([]);
  }

  /**
   * Writes a fresh checkpoint when a cycle has started since the last one, or it is an hour old.
   * Cheap to call often (the live-updates timer does, once a minute).
   */
  checkpointIfDue(now = this.now()): void {
    const last = this.lastWrite;
    if (
      last !== null &&
      cycleFor(this.anchor, now).start === last.cycleStart &&
      now - last.at < CHECKPOINT_REFRESH_MS
    )
      return this.writeImageIfDue();
    this.writeCheckpoint(now);
    this.writeImageIfDue();
  }

  /**
   * Writes the image file when there is none or the book has moved on by enough entries that the
   * next start would read many writes one by one. Skipped when the book may not match the store
   * (as for the checkpoint) or holds conflicting copies (LedgerBook.image).
   */
  private writeImageIfDue(): void {
    const path = this.options.imagePath;
    const book = this.book;
    if (!path || book === null || this.database === null || this.closed) return;
    if (this.factChanges !== this.bookFactChanges) return;
    const refresh = this.options.imageRefreshEntries ?? IMAGE_REFRESH_ENTRIES;

    if (this.imageSize !== null && Math.abs(book.size - this.imageSize) < refresh) return;
    const image = book.image();
    if (image === null) return;
    try {
      writeLedgerImage(path, { database: this.database, written: this.written }, image);
      this.imageSize = book.size;
    } catch (error) {
      this.log(`could not write the ledger image: ${String(error)}`);
    }
  }

  /**
   * Checkpoints at this cycle's start (robust to late entries within the cycle) and at `now` (the
   * next start then reads almost nothing). Skipped while the book may not match the store: a fact
   * changed by sync and not yet reloaded, or conflicting copies only the book holds.
   */
  private writeCheckpoint(now: number): void {
    const path = this.options.checkpointPath;
    const book = this.book;
    if (!path || book === null || this.database === null || this.closed) return;
    if (this.factChanges !== this.bookFactChanges || book.conflicts().length > 0) return;
    const cycleStart = cycleFor(this.anchor, now).start;
    const cuts = now > cycleStart ? [cycleStart, now] : [cycleStart];
    try {
      writeCheckpointFile(path, {
        database: this.database,
        written: this.written,
        checkpoints: cuts.map((cut) => createCheckpoint(book, cut)),
      });
      this.lastWrite = { cycleStart, at: now };
    } catch (error) {
      this.log(`could not write the balance checkpoint: ${String(error)}`);
    }
  }

  /** Stops following the collection; leaves a checkpoint for the next start when the book is loaded. */
  close(): void {
    if (this.closed) return;
    this.writeCheckpoint(this.now());
    if (this.imageTimer !== null) clearImmediate(this.imageTimer);
    this.imageTimer = null;
    this.writeImageIfDue();
    this.closed = true;
    this.subscription?.unsubscribe();
    this.listeners.clear();
  }
}
