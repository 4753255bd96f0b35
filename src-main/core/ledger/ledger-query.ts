import type { LedgerEntry } from '../../../src-shared/ledger/entry';
import type { EntryList } from '../../../src-shared/ledger/entry-list';
import { firstAtOrAfterIn } from '../../../src-shared/ledger/source';
import type { LedgerFilter } from '../../../src-shared/api/ledger';
import type { LedgerTotals } from '../../../src-shared/api/views';
import { describeEntry } from './ledger-rows';

/** The matches of one filter over one state of the book: positions in replay order. */
interface Matches {
  key: string;
  entries: EntryList;
  version: number;
  /** Contiguous range [lo, hi) when only dates filter; otherwise the matching positions. */
  lo: number;
  hi: number;
  positions: Int32Array | null;
  /** Worked out on first request, kept with the matches. */
  totals: LedgerTotals | null;
}

/** The text free-text search looks in: description, reason, entry and event ids, machine id (names: see setMachineNames). */
function searchText(e: LedgerEntry): string {
  const parts = [describeEntry(e), e.id, e.machineId];
  if ('reason' in e) parts.push(e.reason);
  if (e.kind === 'usage') parts.push(e.sourceEventId, e.explanation);
  if (e.kind === 'reversal') parts.push(e.usageId);
  return parts.join('\n').toLowerCase();
}

/**
 * Ledger pages served from the in-memory book instead of a database query. The book already holds
 * every entry in the ledger's sort order, (occurredAt, id); a query by offset over a million rows
 * took seconds in storage (count plus skip) but is an index lookup here. The matches of the last
 * filter are kept until the book changes, so scrolling through a filtered ledger scans it once.
 */
export class LedgerQuery {
  private last: Matches | null = null;
  private version = 0;
  private names: ReadonlyMap<string, string> = new Map();
  private namesKey = '';

  /** The team's machine names, so search finds "front desk"; a changed map drops kept matches. */
  setMachineNames(names: ReadonlyMap<string, string>): void {
    const key = JSON.stringify([...names].sort());
    if (key === this.namesKey) return;
    this.names = names;
    this.namesKey = key;
    this.version++;
  }

  /** Call when the book changes (new entries, a rebuilt book). */
  invalidate(): void {
    this.version++;
  }

  page(
    entries: EntryList,
    filter: LedgerFilter,
    sort: 'newest' | 'oldest',
    offset: number,
    limit: number,
  ): { total: number; entries: LedgerEntry[] } {
    const m = this.matches(entries, filter);
    const total = m.positions ? m.positions.length : m.hi - m.lo;
    const out: LedgerEntry[] = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) {
      const k = sort === 'oldest' ? i : total - 1 - i;
      out.push(entries.at(m.positions ? m.positions[k]! : m.lo + k));
    }
    return { total, entries: out };
  }

  /** Credits in and out over every entry the filter matches (summed once per filter and book). */
  totals(entries: EntryList, filter: LedgerFilter): LedgerTotals {
    const m = this.matches(entries, filter);
    if (m.totals) return m.totals;
    let inMillicredits = 0;
    let outMillicredits = 0;
    const add = (i: number) => {
      const amount = entries.amountAt(i);
      if (amount > 0) inMillicredits += amount;
      else outMillicredits += amount;
    };
    if (m.positions) for (const p of m.positions) add(p);
    else for (let i = m.lo; i < m.hi; i++) add(i);
    m.totals = { inMillicredits, outMillicredits };
    return m.totals;
  }

  private matches(entries: EntryList, filter: LedgerFilter): Matches {
    const key = JSON.stringify([
      filter.kinds ?? [],
      filter.actionKinds ?? [],
      filter.buckets ?? [],
      filter.machineIds ?? [],
      filter.from ?? null,
      filter.to ?? null,
      filter.search?.toLowerCase() ?? '',
    ]);
    const last = this.last;
    if (last && last.key === key && last.entries === entries && last.version === this.version) return last;

    const lo = filter.from === undefined ? 0 : firstAtOrAfterIn(entries, filter.from);
    const hi = filter.to === undefined ? entries.length : Math.max(lo, firstAtOrAfterIn(entries, filter.to));
    // Column tests first; free-text search builds the entry, so it runs only on what they let through.
    const tests: ((i: number) => boolean)[] = [];
    if (filter.kinds?.length) {
      const kinds = new Set<string>(filter.kinds);
      tests.push((i) => kinds.has(entries.kindAt(i)));
    }
    if (filter.actionKinds?.length) {
      const actions = new Set<string>(filter.actionKinds);
      tests.push((i) => actions.has(entries.actionKindAt(i)));
    }
    if (filter.buckets?.length) {
      const buckets = new Set<string>(filter.buckets);
      tests.push((i) => buckets.has(entries.bucketAt(i)));
    }
    if (filter.machineIds?.length) {
      const machines = new Set(filter.machineIds);
      tests.push((i) => machines.has(entries.machineAt(i)));
    }
    const needle = filter.search?.trim().toLowerCase();
    if (needle) {
      const named = new Set(
        [...this.names].filter(([, name]) => name.toLowerCase().includes(needle)).map(([id]) => id),
      );
      tests.push((i) => named.has(entries.machineAt(i)) || searchText(entries.at(i)).includes(needle));
    }
    let positions: Int32Array | null = null;
    if (tests.length > 0) {
      const found = new Int32Array(hi - lo);
      let n = 0;
      for (let i = lo; i < hi; i++) if (tests.every((t) => t(i))) found[n++] = i;
      positions = found.slice(0, n);
    }
    this.last = { key, entries, version: this.version, lo, hi, positions, totals: null };
    return this.last;
  }
}
