import type { SyncStatusView } from '../../../../src-shared/api';
import { useSyncStore } from './sync-store';
import { Icon } from '../../components/Icon';
import { formatCount, formatDateTime } from '../../lib/format';

const SHOWN = 50;

/**
 * Documents the endpoint refused. They stay in this machine's ledger (nothing is lost) but not on the
 * team's endpoint; each says why and what to do, and Retry pushes them again.
 */
export function NeedsAttention({ items }: { items: SyncStatusView['needsAttention'] }) {
  const retry = useSyncStore((s) => s.retryRefused);
  const busy = useSyncStore((s) => s.busy);
  if (items.length === 0) return null;
  return (
    <section className="needs-attention" aria-labelledby="needs-attention-title">
      <div className="needs-attention-head">
        <h3 id="needs-attention-title">Needs attention · {formatCount(items.length)}</h3>
        <button
          type="button"
          className="btn btn-secondary btn-small"
          disabled={busy !== null}
          onClick={() => void retry()}
        >
          <Icon name="refresh" /> {busy === 'retry' ? 'Retrying…' : 'Retry'}
        </button>
      </div>
      <p className="needs-attention-intro">
        The endpoint refused {items.length === 1 ? 'this document' : 'these documents'}.{' '}
        {items.length === 1 ? 'It stays' : 'They stay'} on this machine; the rest of sync goes on.
      </p>
      <ul className="alert-list">
        {items.slice(0, SHOWN).map((item) => (
          <li key={`${item.collection}/${item.id}`} className="alert-item">
            <Icon name="alert" />
            <div>
              <strong>{item.summary}</strong>
              <span>
                <code>{item.id}</code> · refused {formatDateTime(item.refusedAt)}
              </span>
              <span className="needs-attention-reason">The endpoint says: {item.reason}</span>
              <span>{item.advice}</span>
            </div>
          </li>
        ))}
      </ul>
      {items.length > SHOWN && (
        <p className="needs-attention-intro">…and {formatCount(items.length - SHOWN)} more, oldest first.</p>
      )}
    </section>
  );
}
