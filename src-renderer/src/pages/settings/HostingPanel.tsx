import { useId } from 'react';
import type { SyncStatusView } from '../../../../src-shared/api';
import { useSyncStore } from '../../stores/sync-store';
import { Panel } from '../../components/Panel';
import { TeammateInvite } from './TeammateInvite';
import { HostedTokens } from './HostedTokens';

/** Runs the team's sync endpoint on this machine, for small teams without a server. */
export function HostingPanel({ status }: { status: SyncStatusView }) {
  const setHosting = useSyncStore((s) => s.setHosting);
  const busy = useSyncStore((s) => s.busy);
  const id = useId();
  const hintId = useId();
  return (
    <Panel title="Host the endpoint">
      <div className="field field-check">
        <input
          id={id}
          type="checkbox"
          role="switch"
          checked={status.hosting.running}
          disabled={busy === 'hosting'}
          aria-describedby={hintId}
          onChange={(e) => void setHosting(e.target.checked)}
        />
        <label htmlFor={id}>Host the sync endpoint on this machine</label>
        <span id={hintId} className="field-hint">
          {status.hosting.running && status.hosting.url
            ? `Teammates connect to ${status.hosting.url} while this machine is on.`
            : 'Teammates can sync with this machine while it is on.'}
        </span>
      </div>
      {status.hosting.running && (
        <>
          <TeammateInvite />
          <HostedTokens />
        </>
      )}
      {status.hosting.error && (
        <p className="form-error" role="alert">
          Could not host the endpoint: {status.hosting.error}
        </p>
      )}
    </Panel>
  );
}
