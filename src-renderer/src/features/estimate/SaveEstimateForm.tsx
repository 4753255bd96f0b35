import { useId, useState, type FormEvent } from 'react';
import type { SavedRef } from './estimate-shapes';
import type { EstimateKind } from './estimate-tab-store';
import { useEstimateSavedStore } from './saved/saved-store';
import { formatDateTime } from '../../lib/format';

/**
 * Saves the estimate on screen under a title. Once saved, saving again updates the same saved
 * estimate (a new title renames it); the parent keys this form by result so the title resets.
 */
export function SaveEstimateForm({
  kind,
  saved,
  suggestedTitle,
}: {
  kind: EstimateKind;
  saved: SavedRef | null;
  suggestedTitle: string;
}) {
  const [title, setTitle] = useState(saved?.title ?? suggestedTitle);
  const saving = useEstimateSavedStore((s) => s.saving === kind);
  const error = useEstimateSavedStore((s) => (s.saveError?.kind === kind ? s.saveError.message : null));
  const save = useEstimateSavedStore((s) => s.save);
  const ids = { title: useId(), status: useId() };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (title.trim()) void save(kind, title);
  };

  return (
    <form className="est-save" onSubmit={submit} aria-label="Save estimate">
      <label htmlFor={ids.title}>Title</label>
      <input
        id={ids.title}
        className="input input-small"
        value={title}
        maxLength={200}
        aria-describedby={ids.status}
        onChange={(e) => setTitle(e.target.value)}
      />
      <button type="submit" className="btn btn-secondary btn-small" disabled={saving || !title.trim()}>
        {saving ? 'Saving…' : saved ? 'Save again' : 'Save estimate'}
      </button>
      <span id={ids.status} className="hint" role="status">
        {saved ? `Saved as “${saved.title}”, ${formatDateTime(saved.savedAt)}` : 'Not saved yet'}
      </span>
      {error && (
        <p className="form-error est-save-error" role="alert">
          Could not save the estimate: {error} Check the title and try again.
        </p>
      )}
    </form>
  );
}
