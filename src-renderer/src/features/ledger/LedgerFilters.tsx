import { useEffect, useId, useState } from 'react';
import { ENTRY_KINDS, BUCKETS } from '../../../../src-shared/ledger/entry';
import { ACTION_KINDS, ACTION_LABELS } from '../../../../src-shared/pricing/actions';
import { useLedgerStore } from './ledger-store';
import { useMachinesStore } from './machines-store';
import { FilterMenu } from '../../components/FilterMenu';
import { DAY_MS, fromDateInput, toDateInput } from '../../lib/dates';
import { formatCount } from '../../lib/format';
import { BUCKET_LABELS, KIND_LABELS } from './labels';

const SEARCH_PAUSE_MS = 300;

/** Narrow the ledger by text, kind, action, bucket, date (UTC days) and machine. */
export function LedgerFilters() {
  const filter = useLedgerStore((s) => s.filter);
  const setFilter = useLedgerStore((s) => s.setFilter);
  const clearFilter = useLedgerStore((s) => s.clearFilter);
  const machines = useMachinesStore((s) => s.remote);
  const loadMachines = useMachinesStore((s) => s.load);
  const ids = { from: useId(), to: useId(), machine: useId(), search: useId() };
  useEffect(() => {
    void loadMachines();
  }, [loadMachines]);
  // Typing searches after a pause, not on every key; clearing the filters clears the box too.
  const [text, setText] = useState(filter.search ?? '');
  const [shown, setShown] = useState(filter.search);
  if (shown !== filter.search) {
    setShown(filter.search);
    if ((filter.search ?? '') !== text.trim()) setText(filter.search ?? '');
  }
  useEffect(() => {
    if (text.trim() === (filter.search ?? '')) return;
    const timer = setTimeout(() => setFilter({ search: text.trim() || undefined }), SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text, filter.search, setFilter]);

  const active = Object.keys(filter).length > 0;
  return (
    <div className="filters" role="search" aria-label="Ledger filters">
      <div className="filter-field filter-search">
        <label htmlFor={ids.search} className="visually-hidden">
          Search the ledger
        </label>
        <input
          id={ids.search}
          type="search"
          className="input input-small"
          placeholder="Search description, reason, event id, machine"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <FilterMenu
        label="Kind"
        options={ENTRY_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
        selected={filter.kinds ?? []}
        onChange={(kinds) => setFilter({ kinds })}
      />
      <FilterMenu
        label="Action"
        options={ACTION_KINDS.map((k) => ({ value: k, label: ACTION_LABELS[k] }))}
        selected={filter.actionKinds ?? []}
        onChange={(actionKinds) => setFilter({ actionKinds })}
      />
      <FilterMenu
        label="Bucket"
        options={BUCKETS.map((b) => ({ value: b, label: BUCKET_LABELS[b] }))}
        selected={filter.buckets ?? []}
        onChange={(buckets) => setFilter({ buckets })}
      />
      <div className="filter-field">
        <label htmlFor={ids.from}>From</label>
        <input
          id={ids.from}
          type="date"
          className="input input-date input-small"
          value={filter.from !== undefined ? toDateInput(filter.from) : ''}
          onChange={(e) => setFilter({ from: fromDateInput(e.target.value) ?? undefined })}
        />
      </div>
      <div className="filter-field">
        <label htmlFor={ids.to}>To</label>
        <input
          id={ids.to}
          type="date"
          className="input input-date input-small"
          value={filter.to !== undefined ? toDateInput(filter.to - DAY_MS) : ''}
          onChange={(e) => {
            const day = fromDateInput(e.target.value);
            setFilter({ to: day === null ? undefined : day + DAY_MS });
          }}
        />
      </div>
      <div className="filter-field">
        <label htmlFor={ids.machine}>Machine</label>
        <select
          id={ids.machine}
          className="input input-small"
          value={filter.machineIds?.[0] ?? ''}
          onChange={(e) => setFilter({ machineIds: e.target.value ? [e.target.value] : [] })}
        >
          <option value="">All machines</option>
          {machines.data?.map((m) => (
            <option key={m.machineId} value={m.machineId}>
              {m.name ? `${m.name} (${m.machineId})` : m.machineId}
              {m.current ? ' (this machine)' : ''} · {formatCount(m.entries)}
            </option>
          ))}
        </select>
      </div>
      {active && (
        <button type="button" className="btn btn-ghost btn-small" onClick={clearFilter}>
          Clear filters
        </button>
      )}
    </div>
  );
}
