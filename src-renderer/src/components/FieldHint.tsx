import type { ReactNode } from 'react';

/**
 * A field's hint, which its error replaces while there is one: the input keeps pointing at one id
 * (aria-describedby), so a screen reader reads whichever is current.
 */
export function FieldHint({
  id,
  error,
  children,
}: {
  id: string;
  error?: string | null;
  children?: ReactNode;
}) {
  return (
    <span id={id} className={`field-hint${error ? ' field-error' : ''}`}>
      {error ?? children}
    </span>
  );
}
