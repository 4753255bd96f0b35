import type { LedgerRow } from '../../../../src-shared/api';

/** Rows per listLedger call: big enough that a fast scroll needs few round trips, well under 1000. */
export const PAGE_SIZE = 200;
/** Pages kept in memory (10,000 rows); the farthest from what is on screen go first. */
const MAX_PAGES = 50;

interface Page {
  /** The ledger generation these rows were read at; older pages are shown until replaced. */
  generation: number;
  rows: LedgerRow[];
}

/**
 * The ledger table's page cache. Rows are addressed by index in the current filter and sort, and
 * fetched a page at a time by offset. After a ledger change the generation moves on: cached pages
 * stay visible (no flicker) but are fetched again; after a filter change the cache is emptied.
 */
export class LedgerPages {
  private pages = new Map<number, Page>();
  private inflight = new Map<number, number>();
  generation = 0;

  clear(): void {
    this.pages.clear();
    this.inflight.clear();
    this.generation++;
  }

  /** Marks every cached page stale (a new entry shifts offsets) without dropping it from view. */
  invalidate(): void {
    this.inflight.clear();
    this.generation++;
  }

  rowAt(index: number): LedgerRow | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.rows[index % PAGE_SIZE];
  }

  /** Page numbers covering [start, end] that are missing or stale and not already being fetched. */
  missing(start: number, end: number): number[] {
    const out: number[] = [];
    for (let p = Math.floor(start / PAGE_SIZE); p <= Math.floor(end / PAGE_SIZE); p++) {
      const page = this.pages.get(p);
      if (page?.generation === this.generation) continue;
      if (this.inflight.get(p) === this.generation) continue;
      out.push(p);
    }
    return out;
  }

  begin(page: number): number {
    this.inflight.set(page, this.generation);
    return this.generation;
  }

  /** Stores a fetched page if it is still of the current generation; returns whether it was kept. */
  complete(page: number, generation: number, rows: LedgerRow[], keepNear: number): boolean {
    if (this.inflight.get(page) === generation) this.inflight.delete(page);
    if (generation !== this.generation) return false;
    this.pages.set(page, { generation, rows });
    this.evict(keepNear);
    return true;
  }

  fail(page: number, generation: number): void {
    if (this.inflight.get(page) === generation) this.inflight.delete(page);
  }

  get inflightCount(): number {
    return this.inflight.size;
  }

  private evict(keepNear: number): void {
    if (this.pages.size <= MAX_PAGES) return;
    const byDistance = [...this.pages.keys()].sort((a, b) => Math.abs(b - keepNear) - Math.abs(a - keepNear));
    for (const page of byDistance.slice(0, this.pages.size - MAX_PAGES)) this.pages.delete(page);
  }
}
