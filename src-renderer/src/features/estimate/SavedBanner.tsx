import type { SavedRef } from './estimate-shapes';
import { formatDateTime } from '../../lib/format';

/** Says that the result on screen is a stored one, and how old its figures are. */
export function SavedBanner({ saved, note }: { saved: SavedRef | null; note?: string }) {
  if (!saved?.reopened) return null;
  return (
    <p className="est-banner" data-testid="saved-banner">
      Saved estimate <strong>“{saved.title}”</strong> from {formatDateTime(saved.savedAt)}. The figures are as
      they were then; run the estimate again for current ones.{note ? ` ${note}` : ''}
    </p>
  );
}
