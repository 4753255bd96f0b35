import type { ReactNode } from 'react';

/**
 * The foot of a dialog: the last command's error, then a way out and the confirming button (the
 * children), so every dialog reads and tabs the same way.
 */
export function DialogActions({
  error,
  cancelLabel = 'Cancel',
  onCancel,
  children,
}: {
  error?: string | null;
  cancelLabel?: string;
  onCancel: () => void;
  children: ReactNode;
}) {
  return (
    <>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="btn btn-secondary" onClick={onCancel}>
          {cancelLabel}
        </button>
        {children}
      </div>
    </>
  );
}
