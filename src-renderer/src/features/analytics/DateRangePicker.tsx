import { useId } from 'react';
import { useAnalyticsStore, presetRange, type RangePreset } from './analytics-store';
import { DAY_MS, fromDateInput, toDateInput } from '../../lib/dates';

const PRESETS: { days: Exclude<RangePreset, 'custom'>; label: string }[] = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '12 months' },
];

/** Quick ranges and an exact from/to (UTC days, the "to" day included). */
export function DateRangePicker() {
  const range = useAnalyticsStore((s) => s.range);
  const setRange = useAnalyticsStore((s) => s.setRange);
  const fromId = useId();
  const toId = useId();

  const setCustom = (from: number | null, lastDay: number | null) => {
    if (from === null || lastDay === null || lastDay < from) return;
    setRange({ preset: 'custom', from, to: lastDay + DAY_MS });
  };

  return (
    <div className="range-picker" role="group" aria-label="Date range">
      <div className="segmented" role="group" aria-label="Quick ranges">
        {PRESETS.map((p) => (
          <button
            key={p.days}
            type="button"
            className="segment"
            aria-pressed={range.preset === p.days}
            onClick={() => setRange(presetRange(p.days))}
          >
            {p.label}
          </button>
        ))}
      </div>
      <div className="range-dates">
        <label htmlFor={fromId}>From</label>
        <input
          id={fromId}
          type="date"
          className="input input-date"
          value={toDateInput(range.from)}
          max={toDateInput(range.to - DAY_MS)}
          onChange={(e) => setCustom(fromDateInput(e.target.value), range.to - DAY_MS)}
        />
        <label htmlFor={toId}>To</label>
        <input
          id={toId}
          type="date"
          className="input input-date"
          value={toDateInput(range.to - DAY_MS)}
          min={toDateInput(range.from)}
          onChange={(e) => setCustom(range.from, fromDateInput(e.target.value))}
        />
      </div>
    </div>
  );
}
