import { useState } from 'react';
import { api } from '../../api/current';
import { reloadWithRotatedLink } from '../../api/bridge';
import { Panel } from '../../components/Panel';
import { Dialog } from '../../components/Dialog';
import { DialogActions } from '../../components/DialogActions';
import { messageOf } from '../../lib/errors';

/**
 * Browser version only: the printed link stays the same across restarts (so a reload reconnects)
 * until the user rotates it, e.g. after sharing it by mistake.
 */
export function BrowserLinkPanel() {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rotate = async () => {
    setBusy(true);
    setError(null);
    try {
      const { openUrl } = await api().rotateBrowserLink({});
      reloadWithRotatedLink(openUrl);
    } catch (e) {
      setBusy(false);
      setError(messageOf(e));
    }
  };
  return (
    <Panel title="Browser link">
      <p className="field-hint">
        The link that opens this page stays the same when Creditdesk restarts, so open tabs reconnect by
        themselves. Rotate it if it reached someone it should not have: every open tab is disconnected and
        only the new link works (Creditdesk prints it where it runs).
      </p>
      <div className="form-actions">
        <button type="button" className="btn btn-secondary" onClick={() => setConfirming(true)}>
          Rotate link…
        </button>
      </div>
      <Dialog
        open={confirming}
        title="Rotate the browser link?"
        description="Other tabs and bookmarks with the old link stop working. This tab reloads with the new link."
        onClose={() => setConfirming(false)}
      >
        <DialogActions error={error} onCancel={() => setConfirming(false)}>
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void rotate()}>
            {busy ? 'Rotating…' : 'Rotate link'}
          </button>
        </DialogActions>
      </Dialog>
    </Panel>
  );
}
