import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { LedgerRow } from '../../../../src-shared/api';
import { useLedgerStore } from './ledger-store';
import { formatDateTime, formatSignedCredits, groupNumbersInText } from '../../lib/format';
import { BUCKET_LABELS, KIND_LABELS } from './labels';
import { useRowWindow } from './use-row-window';

const ROW_HEIGHT = 40;
const rowId = (index: number) => `ledger-row-${index}`;

/** The column after the description: how a charge was priced, or why a correction was made. */
function detail(row: LedgerRow): string {
  if (row.kind === 'usage') return groupNumbersInText(row.explanation ?? '');
  if (row.reason) return row.reason;
  if (row.bucket) return `${BUCKET_LABELS[row.bucket]} credits`;
  return '';
}

const Row = memo(function Row({
  index,
  row,
  active,
  selected,
  onPick,
}: {
  index: number;
  row: LedgerRow | undefined;
  active: boolean;
  selected: boolean;
  onPick: (index: number) => void;
}) {
  if (!row) {
    return (
      <div role="row" id={rowId(index)} aria-rowindex={index + 2} className="ledger-row ledger-row-pending">
        <div role="gridcell" className="cell-skeleton">
          <span className="skeleton" />
        </div>
        <div role="gridcell" className="visually-hidden">
          Loading…
        </div>
      </div>
    );
  }
  return (
    <div
      role="row"
      id={rowId(index)}
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`ledger-row${active ? ' is-active' : ''}${selected ? ' is-selected' : ''}${row.reversedBy ? ' is-reversed' : ''}`}
      onClick={() => onPick(index)}
      data-entry-id={row.id}
    >
      <div role="gridcell" className="cell-date">
        {formatDateTime(row.occurredAt)}
      </div>
      <div role="gridcell" className="cell-kind">
        <span className={`kind kind-${row.kind}`}>{KIND_LABELS[row.kind]}</span>
      </div>
      <div role="gridcell" className="cell-description" title={row.description}>
        {row.description}
        {row.reversedBy && <span className="tag">reversed</span>}
        {!row.reversedBy && row.refundable !== undefined && row.refundable < -row.amount && (
          <span className="tag">partly refunded</span>
        )}
      </div>
      <div role="gridcell" className="cell-muted cell-detail" title={detail(row)}>
        {detail(row)}
      </div>
      <div
        role="gridcell"
        className={`cell-amount num${row.amount < 0 ? ' negative' : row.amount > 0 ? ' positive' : ''}`}
      >
        {formatSignedCredits(row.amount)}
      </div>
      <div
        role="gridcell"
        className={`cell-muted cell-machine${row.machineName ? ' named' : ''}`}
        title={row.machineName ? `${row.machineName} (${row.machineId})` : row.machineId}
      >
        {row.machineName ?? row.machineId}
      </div>
    </div>
  );
});

/**
 * Every ledger entry in one scrolling grid. Only the rows on screen exist in the DOM; their pages
 * are fetched by offset as they come into view. Arrow keys, Page Up/Down, Home and End move the
 * active row; Enter opens its details.
 */
export function LedgerTable() {
  const total = useLedgerStore((s) => s.total) ?? 0;
  useLedgerStore((s) => s.tick);
  const rowAt = useLedgerStore((s) => s.rowAt);
  const want = useLedgerStore((s) => s.want);
  const select = useLedgerStore((s) => s.select);
  const selectIndex = useLedgerStore((s) => s.selectIndex);
  const selectedId = useLedgerStore((s) => s.selected?.id ?? null);
  const filter = useLedgerStore((s) => s.filter);
  const sort = useLedgerStore((s) => s.sort);
  const setSort = useLedgerStore((s) => s.setSort);
  const [active, setActive] = useState(0);
  const bodyRef = useRef<HTMLDivElement>(null);
  // Few extra rows on purpose: a scrollbar drag past MAX_SCROLL_PX moves several screens a frame,
  // so every row is new and extra ones only add layout and paint (measured in bench/renderer).
  const rows = useRowWindow(bodyRef, total, ROW_HEIGHT, 4);
  const { first, last, viewport, scrollToIndex, scrollToTop } = rows;

  // A new filter or order starts at the top.
  const [shown, setShown] = useState({ filter, sort });
  if (shown.filter !== filter || shown.sort !== sort) {
    setShown({ filter, sort });
    setActive(0);
  }
  useEffect(() => scrollToTop(), [filter, sort, scrollToTop]);

  useEffect(() => {
    if (total > 0 && last >= first) want(first, last);
  }, [first, last, total, want]);

  const pick = useCallback(
    (index: number) => {
      setActive(index);
      selectIndex(index);
    },
    [selectIndex],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (total === 0) return;
    const page = Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + page,
      PageUp: active - page,
      Home: 0,
      End: total - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      const next = Math.max(0, Math.min(total - 1, moves[event.key]!));
      setActive(next);
      scrollToIndex(next);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      pick(active);
    } else if (event.key === 'Escape') {
      select(null);
    }
  };

  const indexes: number[] = [];
  for (let i = first; i <= last; i++) indexes.push(i);

  return (
    <div
      className="ledger-grid"
      role="grid"
      aria-label="Ledger entries"
      aria-rowcount={total + 1}
      aria-colcount={6}
      tabIndex={0}
      aria-activedescendant={total > 0 && active >= first && active <= last ? rowId(active) : undefined}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="ledger-head">
        <div role="row" aria-rowindex={1} className="ledger-row ledger-row-head">
          <div role="columnheader" aria-sort={sort === 'newest' ? 'descending' : 'ascending'}>
            <button
              type="button"
              className="sort-button"
              onClick={() => setSort(sort === 'newest' ? 'oldest' : 'newest')}
              aria-label={`Date, ${sort === 'newest' ? 'newest' : 'oldest'} first; change the order`}
            >
              Date <span aria-hidden="true">{sort === 'newest' ? '↓' : '↑'}</span>
            </button>
          </div>
          <div role="columnheader">Kind</div>
          <div role="columnheader">Description</div>
          <div role="columnheader">Detail</div>
          <div role="columnheader" className="num">
            Credits
          </div>
          <div role="columnheader">Machine</div>
        </div>
      </div>
      <div role="rowgroup" className="ledger-body" ref={bodyRef} data-testid="ledger-scroll">
        <div className="ledger-spacer" style={{ height: rows.spacerHeight }}>
          {/* One positioned window of rows in normal flow: a scroll step moves one box, not each row. */}
          <div className="ledger-window" style={{ transform: `translateY(${rows.top}px)` }}>
            {indexes.map((index) => (
              <Row
                key={index}
                index={index}
                row={rowAt(index)}
                active={index === active}
                selected={rowAt(index)?.id === selectedId}
                onPick={pick}
              />
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}
