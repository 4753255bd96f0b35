import { useId, type ReactNode } from 'react';
import { FieldHint } from './FieldHint';

/**
 * A labelled text input for a number people type (with their own grouping: "12,000"), its hint and
 * its error. It stays a text input, so the form's parser decides what is valid and says why; the
 * keypad follows `decimals` (credits take up to 3 decimals, counts are whole).
 */
export function NumberField({
  label,
  value,
  onChange,
  decimals = false,
  error,
  hint,
  className,
  width,
  hideLabel = false,
  placeholder,
  disabled,
  required,
  autoComplete,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  decimals?: boolean;
  error?: string | null;
  /** Shown below the input until there is an error; without a hint nothing is shown until one. */
  hint?: ReactNode;
  /** Extra classes of the field (layout of the form it stands in). */
  className?: string;
  width?: 'narrow' | 'small';
  hideLabel?: boolean;
  placeholder?: string;
  disabled?: boolean;
  required?: boolean;
  autoComplete?: 'off';
}) {
  const ids = { input: useId(), hint: useId() };
  const described = hint !== undefined || Boolean(error);
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={ids.input} className={hideLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <input
        id={ids.input}
        className={width ? `input input-${width}` : 'input'}
        inputMode={decimals ? 'decimal' : 'numeric'}
        autoComplete={autoComplete}
        required={required}
        disabled={disabled}
        value={value}
        placeholder={placeholder}
        aria-invalid={Boolean(error)}
        aria-describedby={described ? ids.hint : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {described && (
        <FieldHint id={ids.hint} error={error}>
          {hint}
        </FieldHint>
      )}
    </div>
  );
}
