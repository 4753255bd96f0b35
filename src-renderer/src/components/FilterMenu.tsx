import { useEffect, useId, useRef } from 'react';
import { Icon } from './Icon';

/**
 * A drop-down of checkboxes for one filter ("Action: 2 selected"). Built on <details> so it opens
 * with Enter/Space and needs no focus trap; Escape and a click outside close it.
 */
export function FilterMenu<T extends string>({
  label,
  options,
  selected,
  onChange,
}: {
  label: string;
  options: { value: T; label: string }[];
  selected: readonly T[];
  onChange: (next: T[]) => void;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  const groupId = useId();

  useEffect(() => {
    const close = (event: Event) => {
      const details = ref.current;
      if (!details?.open) return;
      if (event instanceof KeyboardEvent) {
        if (event.key !== 'Escape') return;
        details.open = false;
        details.querySelector('summary')?.focus();
      } else if (!details.contains(event.target as Node)) details.open = false;
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, []);

  const summary =
    selected.length === 0
      ? 'All'
      : selected.length === 1
        ? (options.find((o) => o.value === selected[0])?.label ?? selected[0])
        : `${selected.length} selected`;

  return (
    <details ref={ref} className="filter-menu">
      <summary
        className={`btn btn-secondary btn-small${selected.length ? ' filter-active' : ''}`}
        aria-label={`${label}: ${summary}`}
      >
        <span className="filter-name">{label}:</span> {summary}
        <Icon name="chevron" size={14} />
      </summary>
      <fieldset className="filter-popover" aria-labelledby={groupId}>
        <legend id={groupId} className="visually-hidden">
          {label}
        </legend>
        {options.map((o) => (
          <label key={o.value} className="check">
            <input
              type="checkbox"
              checked={selected.includes(o.value)}
              onChange={(e) =>
                onChange(e.target.checked ? [...selected, o.value] : selected.filter((v) => v !== o.value))
              }
            />
            {o.label}
          </label>
        ))}
        {selected.length > 0 && (
          <button type="button" className="btn btn-ghost btn-small" onClick={() => onChange([])}>
            Clear {label.toLowerCase()}
          </button>
        )}
      </fieldset>
    </details>
  );
}
