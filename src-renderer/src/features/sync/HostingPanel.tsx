import { useId, useState } from 'react';
import type { SyncStatusView } from '../../../../src-shared/api';
import { useSyncStore } from './sync-store';
import { Panel } from '../../components/Panel';
import { TeammateInvite } from './TeammateInvite';
import { HostedTokens } from './HostedTokens';

type Reach = 'loopback' | 'lan';

/**
 * Runs the team's sync endpoint on this machine, for small teams without a server. It listens on
 * this machine only unless the user picks the LAN, and it speaks plain HTTP: the panel says so.
 */
export function HostingPanel({ status }: { status: SyncStatusView }) {
  const setHosting = useSyncStore((s) => s.setHosting);
  const busy = useSyncStore((s) => s.busy);
  const running = status.hosting.running;
  const [chosen, setChosen] = useState<Reach>(status.hosting.reach ?? 'loopback');
  // The choice shows at once; once the endpoint answers, its own reach is the truth.
  const reach = running && busy !== 'hosting' ? (status.hosting.reach ?? 'loopback') : chosen;
  const id = useId();
  const hintId = useId();
  const reachName = useId();
  const warningId = useId();
  const pick = (next: Reach) => {
    setChosen(next);
    if (running) void setHosting(true, next);
  };
  return (
    <Panel title="Host the endpoint">
      <div className="field field-check">
        <input
          id={id}
          type="checkbox"
          role="switch"
          checked={running}
          disabled={busy === 'hosting'}
          aria-describedby={hintId}
          onChange={(e) => void setHosting(e.target.checked, chosen)}
        />
        <label htmlFor={id}>Host the sync endpoint on this machine</label>
        <span id={hintId} className="field-hint">
          {running && status.hosting.url
            ? reach === 'lan'
              ? `Teammates connect to ${status.hosting.url} while this machine is on.`
              : `Listening on ${status.hosting.url}, reachable from this machine only.`
            : 'Keeps the team’s ledger on this machine; it comes back on with the app.'}
        </span>
      </div>
      <fieldset className="est-fieldset" disabled={busy === 'hosting'} aria-describedby={warningId}>
        <legend>Who can reach it</legend>
        <label className="check">
          <input
            type="radio"
            name={reachName}
            checked={reach === 'loopback'}
            onChange={() => pick('loopback')}
          />
          This machine only (127.0.0.1) — recommended
        </label>
        <label className="check">
          <input type="radio" name={reachName} checked={reach === 'lan'} onChange={() => pick('lan')} />
          Teammates on the local network (all interfaces)
        </label>
      </fieldset>
      <p id={warningId} className={reach === 'lan' ? 'hosting-warning' : 'field-hint'}>
        {reach === 'lan'
          ? 'Plain HTTP: tokens and ledger entries cross the network unencrypted. Use this only on a network you trust, or put the endpoint behind TLS (a reverse proxy; see “Host the endpoint behind TLS” in the README).'
          : 'The endpoint speaks plain HTTP; on this machine only, nothing leaves it. For teammates on other machines, choose the local network or run it behind TLS.'}
      </p>
      {running && (
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
