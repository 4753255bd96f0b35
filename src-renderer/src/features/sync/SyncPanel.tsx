import { useId, useState, type FormEvent } from 'react';
import type { AppInfoView, SyncStatusView } from '../../../../src-shared/api';
import { useSyncStore } from './sync-store';
import { toast } from '../../stores/toast-store';
import { Panel } from '../../components/Panel';
import { Icon } from '../../components/Icon';
import { FieldHint } from '../../components/FieldHint';
import { formatCount, formatDateTime } from '../../lib/format';
import { NeedsAttention } from './NeedsAttention';

const validUrl = (text: string): boolean => {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

/** The team endpoint and its token. The token is write-only: the UI only ever learns that one is set. */
export function SyncPanel({
  status,
  secretStorage,
}: {
  status: SyncStatusView;
  secretStorage: AppInfoView['secretStorage'] | null;
}) {
  const configure = useSyncStore((s) => s.configure);
  const syncNow = useSyncStore((s) => s.syncNow);
  const busy = useSyncStore((s) => s.busy);
  const actionError = useSyncStore((s) => s.actionError);
  const [endpoint, setEndpoint] = useState(status.endpoint ?? '');
  const [token, setToken] = useState('');
  // The endpoint can change without this form (hosting points this machine at its own endpoint):
  // follow it unless the user is in the middle of typing another one.
  const [seenEndpoint, setSeenEndpoint] = useState(status.endpoint);
  if (status.endpoint !== seenEndpoint) {
    setSeenEndpoint(status.endpoint);
    if (endpoint.trim() === (seenEndpoint ?? '')) setEndpoint(status.endpoint ?? '');
  }
  const ids = { endpoint: useId(), endpointHint: useId(), token: useId(), tokenHint: useId() };

  const endpointError =
    endpoint.trim() && !validUrl(endpoint.trim())
      ? 'Enter the endpoint’s full URL, e.g. https://sync.example.com.'
      : null;
  const tokenError = token && token.trim().length < 8 ? 'Tokens are at least 8 characters.' : null;
  const changed = endpoint.trim() !== (status.endpoint ?? '') || token.length > 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (endpointError || tokenError || !changed) return;
    const ok = await configure(endpoint.trim() || null, token ? token.trim() : undefined);
    if (ok) {
      setToken('');
      toast.success(endpoint.trim() ? 'Sync settings saved.' : 'Sync turned off.');
    }
  };

  return (
    <Panel title="Sync" description="Keeps this machine’s ledger in step with the team’s endpoint.">
      <form className="form" onSubmit={submit} aria-label="Sync settings">
        <div className="field">
          <label htmlFor={ids.endpoint}>Endpoint URL</label>
          <input
            id={ids.endpoint}
            className="input"
            type="url"
            inputMode="url"
            placeholder="https://sync.example.com"
            value={endpoint}
            aria-invalid={endpointError !== null}
            aria-describedby={ids.endpointHint}
            onChange={(e) => setEndpoint(e.target.value)}
          />
          <FieldHint id={ids.endpointHint} error={endpointError}>
            Leave empty to turn sync off.
          </FieldHint>
        </div>
        <div className="field">
          <label htmlFor={ids.token}>
            Token{' '}
            <span
              className={`badge ${status.tokenSet ? 'badge-positive' : 'badge-muted'}`}
              data-testid="token-state"
            >
              {status.tokenSet ? 'set' : 'not set'}
            </span>
          </label>
          <input
            id={ids.token}
            className="input"
            type="password"
            autoComplete="off"
            placeholder={status.tokenSet ? 'Leave empty to keep the current token' : 'Paste the team token'}
            value={token}
            aria-invalid={tokenError !== null}
            aria-describedby={ids.tokenHint}
            onChange={(e) => setToken(e.target.value)}
          />
          <FieldHint id={ids.tokenHint} error={tokenError}>
            {secretStorage && secretStorage !== 'keychain'
              ? 'This system has no OS keychain: the token is stored in the data folder without encryption.'
              : 'Stored in the OS keychain; it is never shown again.'}
          </FieldHint>
        </div>
        {actionError && (
          <p className="form-error" role="alert">
            {actionError}
          </p>
        )}
        <div className="form-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!changed || !!endpointError || !!tokenError || busy !== null}
          >
            {busy === 'configure' ? 'Saving…' : 'Save sync settings'}
          </button>
          {status.tokenSet && (
            <button
              type="button"
              className="btn btn-ghost"
              disabled={busy !== null}
              onClick={() =>
                void configure(status.endpoint, null).then((ok) => ok && toast.success('Token forgotten.'))
              }
            >
              Forget token
            </button>
          )}
          {status.state !== 'disabled' && (
            <button
              type="button"
              className="btn btn-secondary"
              disabled={busy !== null}
              onClick={() => void syncNow()}
            >
              <Icon name="sync" /> {busy === 'sync' ? 'Syncing…' : 'Sync now'}
            </button>
          )}
        </div>
      </form>
      <dl className="kv kv-compact">
        <div className="kv-pair">
          <dt>Waiting to push</dt>
          <dd>{formatCount(status.waitingToPush)}</dd>
        </div>
        <div className="kv-pair">
          <dt>Last sync</dt>
          <dd>{status.lastSyncAt ? formatDateTime(status.lastSyncAt) : 'Never'}</dd>
        </div>
        {status.conflicts > 0 && (
          <div className="kv-pair">
            <dt>Conflicts</dt>
            <dd>{formatCount(status.conflicts)} entries differ from the team’s copy</dd>
          </div>
        )}
        {status.lastError && (
          <div className="kv-pair">
            <dt>Last error</dt>
            <dd className="text-negative">{status.lastError}</dd>
          </div>
        )}
      </dl>
      <NeedsAttention items={status.needsAttention} />
    </Panel>
  );
}
