import { useEffect, useState } from 'react';
import { Dialog } from '../components/Dialog';
import { TERMS } from '../components/terms';

const SHORTCUTS: { keys: string; what: string }[] = [
  { keys: '?', what: 'Show this list' },
  { keys: 'Tab, Shift+Tab', what: 'Move between controls; the first Tab offers "Skip to content"' },
  { keys: '↑ ↓, Page Up/Down, Home, End', what: 'Ledger table: move between entries' },
  { keys: 'Enter', what: 'Ledger table: open the entry in the details panel' },
  { keys: '← →, Home, End', what: 'Estimate tabs: switch between Documents, Website and Migration' },
  { keys: 'Escape', what: 'Close a dialog or a filter menu' },
];

/** Typing "?" in a text field types a question mark; everywhere else it opens the list. */
const typing = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** "?" opens the keyboard shortcuts and the few terms the console uses, one sentence each. */
export function KeyboardHelp() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      event.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <Dialog open={open} title="Keyboard shortcuts and terms" onClose={() => setOpen(false)}>
      <table className="table table-compact" aria-label="Keyboard shortcuts">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <th scope="row">
                <kbd>{s.keys}</kbd>
              </th>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 className="help-terms-title">Terms</h3>
      <dl className="help-terms" aria-label="Terms">
        {Object.values(TERMS).map((t) => (
          <div key={t.name}>
            <dt>{t.name}</dt>
            <dd>{t.sentence}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
