import { describe, expect, it } from 'vitest';
import type { LedgerRow } from '../../src-shared/api';
import { LedgerPages, PAGE_SIZE } from '../../src-renderer/src/features/ledger/ledger-pages';
import { usageRow } from './ledger-rows';

const rows = (page: number, tag = ''): LedgerRow[] =>
  Array.from({ length: PAGE_SIZE }, (_, i) => usageRow(`${tag}${page * PAGE_SIZE + i}`));

describe('LedgerPages', () => {
  it('asks only for pages that are missing and not already on their way', () => {
    const pages = new LedgerPages();
    expect(pages.missing(0, PAGE_SIZE * 2 + 5)).toEqual([0, 1, 2]);
    const generation = pages.begin(1);
    expect(pages.missing(0, PAGE_SIZE * 2 + 5)).toEqual([0, 2]);
    expect(pages.complete(1, generation, rows(1), 1)).toBe(true);
    expect(pages.rowAt(PAGE_SIZE + 3)?.id).toBe(String(PAGE_SIZE + 3));
    expect(pages.missing(PAGE_SIZE, PAGE_SIZE * 2 - 1)).toEqual([]);
  });

  it('drops answers that arrive after the filter changed', () => {
    const pages = new LedgerPages();
    const generation = pages.begin(0);
    pages.clear();
    expect(pages.complete(0, generation, rows(0), 0)).toBe(false);
    expect(pages.rowAt(0)).toBeUndefined();
    expect(pages.missing(0, 10)).toEqual([0]);
  });

  it('keeps stale rows on screen after a ledger change until fresh ones replace them', () => {
    const pages = new LedgerPages();
    pages.complete(0, pages.begin(0), rows(0, 'old-'), 0);
    pages.invalidate();
    expect(pages.rowAt(0)?.id).toBe('old-0');
    expect(pages.missing(0, 10)).toEqual([0]);
    pages.complete(0, pages.begin(0), rows(0, 'new-'), 0);
    expect(pages.rowAt(0)?.id).toBe('new-0');
  });

  it('forgets the pages farthest from the screen once it holds 50', () => {
    const pages = new LedgerPages();
    for (let p = 0; p < 60; p++) pages.complete(p, pages.begin(p), rows(p), 59);
    expect(pages.rowAt(59 * PAGE_SIZE)).toBeDefined();
    expect(pages.rowAt(10 * PAGE_SIZE)).toBeDefined();
    expect(pages.rowAt(9 * PAGE_SIZE)).toBeUndefined();
    expect(pages.rowAt(0)).toBeUndefined();
  });
});
