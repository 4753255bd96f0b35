import { useEffect } from 'react';
import { useSyncStore } from './sync-store';
import { RemoteView } from '../../components/RemoteView';
import { TableHead } from '../../components/TableHead';
import { formatDateTime, formatLocalDate, formatRelative } from '../../lib/format';

/**
 * The tokens of the endpoint this machine hosts: who may sync, with what scope, and a way to revoke.
 * An active token's status cell is its Revoke button.
 */
export function HostedTokens() {
  const tokens = useSyncStore((s) => s.tokens);
  const loadTokens = useSyncStore((s) => s.loadTokens);
  const revokeToken = useSyncStore((s) => s.revokeToken);
  const busy = useSyncStore((s) => s.busy);
  useEffect(() => {
    void loadTokens();
  }, [loadTokens]);
  return (
    <RemoteView remote={tokens} what="tokens" onRetry={() => void loadTokens()}>
      {(rows) => (
        <div className="table-scroll">
          <table className="table" data-testid="hosted-tokens" aria-label="Tokens of this endpoint">
            <TableHead columns={['Token', 'Scope', 'Created', 'Last used', 'Status']} />
            <tbody>
              {rows.map((t) => (
                <tr key={t.id}>
                  <td>
                    {t.label || <span className="cell-muted">{t.id}</span>}
                    {t.own && <span className="cell-muted"> (this machine)</span>}
                  </td>
                  <td>{t.scope}</td>
                  <td title={formatDateTime(t.createdAt)}>{formatLocalDate(t.createdAt)}</td>
                  <td title={t.lastUsedAt === null ? undefined : formatDateTime(t.lastUsedAt)}>
                    {t.lastUsedAt === null ? 'never' : formatRelative(t.lastUsedAt)}
                  </td>
                  <td>
                    {t.revokedAt !== null ? (
                      <span title={formatDateTime(t.revokedAt)}>revoked</span>
                    ) : (
                      <button
                        type="button"
                        className="btn btn-ghost"
                        disabled={busy !== null}
                        aria-label={`Revoke ${t.label || t.id}`}
                        onClick={() => {
                          const warning = t.own ? ' This machine syncs with it and will stop syncing.' : '';
                          if (window.confirm(`Revoke the token "${t.label || t.id}"?${warning}`))
                            void revokeToken(t.id);
                        }}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </RemoteView>
  );
}
