import { useId, useState } from 'react';
import { TERMS, type TermKey } from './terms';

/** A small "?" next to a term that shows its one-sentence meaning in place. */
export function TermHelp({ term }: { term: TermKey }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const { name, sentence } = TERMS[term];
  return (
    <span className="term-help">
      <button
        type="button"
        className="term-help-button"
        aria-expanded={open}
        aria-controls={id}
        aria-label={`What is ${name.toLowerCase()}?`}
        onClick={() => setOpen(!open)}
      >
        ?
      </button>
      <span id={id} role="note" className="term-help-text" hidden={!open}>
        {sentence}
      </span>
    </span>
  );
}
