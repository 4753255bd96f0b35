import { useRef } from 'react';
import { Icon } from '../../components/Icon';

/**
 * A button that opens the system file picker. The input itself stays out of the tab order: the
 * button is what keyboard users reach, and the input keeps an accessible name for tests and AT.
 */
export function FilePicker({
  label,
  inputLabel,
  accept,
  multiple = false,
  disabled = false,
  describedBy,
  variant = 'secondary',
  onFiles,
}: {
  label: string;
  /** Names the hidden input, e.g. "Documents to estimate". */
  inputLabel: string;
  accept: string;
  multiple?: boolean;
  disabled?: boolean;
  describedBy?: string;
  variant?: 'primary' | 'secondary';
  onFiles: (files: File[]) => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={ref}
        type="file"
        className="visually-hidden"
        tabIndex={-1}
        aria-label={inputLabel}
        accept={accept}
        multiple={multiple}
        disabled={disabled}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          // Cleared so choosing the same file again is a new choice.
          event.target.value = '';
          if (files.length) onFiles(files);
        }}
      />
      <button
        type="button"
        className={`btn btn-${variant}`}
        disabled={disabled}
        aria-describedby={describedBy}
        onClick={() => ref.current?.click()}
      >
        <Icon name="upload" size={16} /> {label}
      </button>
    </>
  );
}
