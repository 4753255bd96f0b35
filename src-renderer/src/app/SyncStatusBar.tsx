import { useEffect, useState } from 'react';
import type { SyncStatusView } from '../../../src-shared/api';
import { useSyncStore } from '../features/sync/sync-store';
import { useConnectionStore } from '../stores/connection-store';
import { formatAgo, formatCount, formatDateTime } from '../lib/format';
import { hrefFor } from './router';

const STATE_LABEL: Record<SyncStatusView['state'], string> = {
  disabled: 'Sync off',
  connecting: 'Connecting',
  online: 'Online',
  offline: 'Offline',
  error: 'Sync error',
};

/** Re-renders every 30 s so "last sync 2 minutes ago" stays true. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** Sync status in the frame of every page: state, waiting to push, last sync and last error. */
export function SyncStatusBar() {
  const remote = useSyncStore((s) => s.remote);
  const load = useSyncStore((s) => s.load);
  const now = useNow();
  useEffect(() => {
    void load();
  }, [load]);
  const status = remote.data;
  // What the page last heard is stale once the app is gone: never show "Online" then.
  const link = useConnectionStore((s) => s.state);
  const lost = link === 'disconnected' || link === 'rotated';

  return (
    <div
      className="sync-bar"
      role="status"
      aria-label="Sync status"
      data-state={lost ? 'disconnected' : (status?.state ?? 'unknown')}
    >
      {lost ? (
        <span className="sync-item sync-state">
          <span className="dot dot-offline" aria-hidden="true" />
          Disconnected from Creditdesk
        </span>
      ) : !status ? (
        <span className="sync-item">
          {remote.status === 'error' ? `Sync status unavailable: ${remote.error}` : 'Checking sync…'}
        </span>
      ) : (
        <>
          <span className="sync-item sync-state">
            <span className={`dot dot-${status.state}`} aria-hidden="true" />
            {STATE_LABEL[status.state]}
          </span>
          {status.state === 'disabled' ? (
            <a className="sync-item sync-link" href={hrefFor('settings')}>
              Set up sync in Settings
            </a>
          ) : (
            <>
              <span className="sync-item">
                {status.waitingToPush === 0
                  ? 'Nothing waiting to push'
                  : `${formatCount(status.waitingToPush)} waiting to push`}
              </span>
              <span
                className="sync-item"
                title={status.lastSyncAt ? formatDateTime(status.lastSyncAt) : undefined}
              >
                {status.lastSyncAt ? `Last sync ${formatAgo(status.lastSyncAt, now)}` : 'Never synced'}
              </span>
            </>
          )}
          {status.bootstrap && (
            <span className="sync-item">
              Downloading {status.bootstrap.what} from the team: {formatCount(status.bootstrap.done)} of{' '}
              {formatCount(status.bootstrap.total)}
            </span>
          )}
          {status.needsAttention.length > 0 && (
            <a className="sync-item sync-warning sync-link" href={hrefFor('settings')}>
              {formatCount(status.needsAttention.length)}{' '}
              {status.needsAttention.length === 1 ? 'needs' : 'need'} attention
            </a>
          )}
          {status.conflicts > 0 && (
            <span className="sync-item sync-warning">{formatCount(status.conflicts)} conflicts</span>
          )}
          {status.lastError && (
            <span className="sync-item sync-error" title={status.lastError}>
              Last error: {status.lastError}
            </span>
          )}
        </>
      )}
    </div>
  );
}
