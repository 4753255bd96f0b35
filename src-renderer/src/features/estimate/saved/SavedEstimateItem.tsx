import type { SavedEstimateView } from '../../../../../src-shared/api';
import { formatCredits, formatDateTime } from '../../../lib/format';
import { ExportEstimateButton } from '../ExportEstimateButton';

const KIND_LABEL: Record<SavedEstimateView['kind'], string> = {
  documents: 'Documents',
  website: 'Website',
  migration: 'Migration',
};

/** One saved estimate: what it is, its credits, and open / export / delete. */
export function SavedEstimateItem({
  estimate,
  current,
  onOpen,
  onDelete,
}: {
  estimate: SavedEstimateView;
  /** Shown in its estimator right now. */
  current: boolean;
  onOpen: () => void;
  onDelete: () => void;
}) {
  return (
    <li className={`est-saved-item${current ? ' is-current' : ''}`} data-testid="saved-estimate">
      <span className="est-saved-title">{estimate.title}</span>
      <span className="hint">
        {KIND_LABEL[estimate.kind]} · {formatDateTime(estimate.updatedAt)}
      </span>
      <span className="est-saved-credits">
        {formatCredits(estimate.millicredits)} credits
        {current && <span className="tag">On screen</span>}
      </span>
      <div className="est-saved-actions">
        <button
          type="button"
          className="btn btn-secondary btn-small"
          aria-label={`Open ${estimate.title}`}
          onClick={onOpen}
        >
          Open
        </button>
        <ExportEstimateButton
          kind={estimate.kind}
          title={estimate.title}
          result={estimate.result}
          at={estimate.updatedAt}
          label={`Export ${estimate.title} as CSV`}
        />
        <button
          type="button"
          className="btn btn-ghost btn-small"
          aria-label={`Delete ${estimate.title}`}
          onClick={onDelete}
        >
          Delete
        </button>
      </div>
    </li>
  );
}
