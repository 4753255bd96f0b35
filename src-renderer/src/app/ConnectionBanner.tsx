import { useEffect, useRef } from 'react';
import { api } from '../api/current';
import { useConnectionStore } from '../stores/connection-store';
import { useSyncStore } from '../features/sync/sync-store';
import { formatDateTime } from '../lib/format';

/**
 * Says so when the browser page has lost the app (stopped, restarting, or its link rotated), instead
 * of showing what it last heard. The page reconnects on its own while the link stays valid.
 */
export function ConnectionBanner() {
  const state = useConnectionStore((s) => s.state);
  const lostAt = useConnectionStore((s) => s.lostAt);
  const previous = useRef(state);

  useEffect(() => {
    // Back after a disconnect: what the frame shows about sync is from before; fetch it again.
    if (state === 'connected' && previous.current === 'disconnected')
      void api()
        .getSyncStatus({})
        .then((status) => useSyncStore.getState().set(status))
        .catch(() => undefined);
    previous.current = state;
  }, [state]);

  if (state !== 'disconnected' && state !== 'rotated') return null;
  const since = lostAt ? ` since ${formatDateTime(lostAt)}` : '';
  return (
    <div className="connection-banner" role="alert" data-state={state}>
      <strong>Disconnected{since}.</strong>{' '}
      {state === 'rotated'
        ? 'This link was replaced by a new one. Open the new link (Creditdesk printed it when the link was rotated); this page cannot reconnect.'
        : 'Creditdesk on this machine stopped or is restarting. This page reconnects by itself when it is back; nothing you saved is lost.'}
    </div>
  );
}
