import { useId, useState, type FormEvent } from 'react';
import { useSyncStore, type Scope } from './sync-store';

export const SCOPE_LABELS: Record<Scope, string> = {
  admin: 'Admin — syncs and manages credits',
  viewer: 'Viewer — reads the ledger only',
  metering: 'Metering — help desk usage reports only',
};

/**
 * While this machine hosts the endpoint: a token for one teammate's machine. The token is shown
 * once, here, and only its hash is kept by the endpoint; closing the box forgets it.
 */
export function TeammateInvite() {
  const createTeammateToken = useSyncStore((s) => s.createTeammateToken);
  const dismissInvite = useSyncStore((s) => s.dismissInvite);
  const invite = useSyncStore((s) => s.invite);
  const busy = useSyncStore((s) => s.busy);
  const [label, setLabel] = useState('');
  const [scope, setScope] = useState<Scope>('admin');
  const labelId = useId();
  const scopeId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (label.trim()) void createTeammateToken(label.trim(), scope).then(() => setLabel(''));
  };
  return (
    <div className="teammate-invite">
      <form className="form-inline" onSubmit={submit} aria-label="Invite a teammate">
        <div className="field">
          <label htmlFor={labelId}>Teammate’s machine</label>
          <input
            id={labelId}
            className="input"
            placeholder="e.g. Dana’s laptop"
            maxLength={100}
            value={label}
            onChange={(e) => setLabel(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={scopeId}>Access</label>
          <select
            id={scopeId}
            className="input"
            value={scope}
            onChange={(e) => setScope(e.target.value as Scope)}
          >
            {(Object.keys(SCOPE_LABELS) as Scope[]).map((s) => (
              <option key={s} value={s}>
                {SCOPE_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn btn-secondary" disabled={!label.trim() || busy !== null}>
          {busy === 'invite' ? 'Creating…' : 'Create token'}
        </button>
      </form>
      {invite && (
        <div className="invite-result" role="status" aria-live="polite">
          <p>
            Token for <strong>{invite.label}</strong> ({invite.scope}) — shown only now.{' '}
            {invite.scope === 'metering'
              ? 'Give it to the help desk that reports usage:'
              : 'On that machine, open Settings and enter:'}
          </p>
          <dl className="kv kv-compact">
            <div className="kv-pair">
              <dt>Endpoint</dt>
              <dd>
                <code>{invite.endpoint}</code>
              </dd>
            </div>
            <div className="kv-pair">
              <dt>Token</dt>
              <dd>
                <code data-testid="teammate-token">{invite.token}</code>
              </dd>
            </div>
          </dl>
          <div className="form-actions">
            <button
              type="button"
              className="btn btn-ghost"
              onClick={() => void navigator.clipboard?.writeText(invite.token)}
            >
              Copy token
            </button>
            <button type="button" className="btn btn-ghost" onClick={dismissInvite}>
              Done
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
