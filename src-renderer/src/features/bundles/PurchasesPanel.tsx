import type { RateCardView } from '../../../../src-shared/api';
import { useBundlesStore } from './bundles-store';
import { Panel } from '../../components/Panel';
import { RemoteView } from '../../components/RemoteView';
import { EmptyState } from '../../components/States';
import { formatCount, formatCredits, formatDateTime, formatMoney } from '../../lib/format';
import { TableHead } from '../../components/TableHead';

/** Bundle purchases recorded in the ledger, newest first. */
export function PurchasesPanel({ card }: { card: RateCardView }) {
  const purchases = useBundlesStore((s) => s.purchases);
  const refresh = useBundlesStore((s) => s.refreshPurchases);
  const names = new Map(card.bundles.map((b) => [b.id, b.name]));
  return (
    <Panel title="Purchases" className="span-all">
      <RemoteView remote={purchases} what="purchases" onRetry={() => void refresh()}>
        {({ total, rows }) =>
          rows.length === 0 ? (
            <EmptyState title="No bundles bought yet">
              Bought bundles appear here and in the ledger.
            </EmptyState>
          ) : (
            <>
              <table className="table" data-testid="purchases">
                <TableHead
                  columns={[
                    'Bought',
                    'Bundle',
                    { label: 'Quantity', numeric: true },
                    { label: 'Credits', numeric: true },
                    { label: 'Price paid', numeric: true },
                    'Machine',
                  ]}
                />
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.id}>
                      <td>{formatDateTime(row.occurredAt)}</td>
                      <td>{(row.bundleId && names.get(row.bundleId)) ?? row.description}</td>
                      <td className="num">{row.quantity ?? '—'}</td>
                      <td className="num">{formatCredits(row.amount)}</td>
                      <td className="num">
                        {row.priceMinor !== undefined && row.currency
                          ? formatMoney(row.priceMinor, row.currency)
                          : '—'}
                      </td>
                      <td className="cell-muted" title={row.machineId}>
                        {row.machineName ?? row.machineId}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {total > rows.length && (
                <p className="hint">
                  Showing the latest {formatCount(rows.length)} of {formatCount(total)} purchases; the ledger
                  has them all.
                </p>
              )}
            </>
          )
        }
      </RemoteView>
    </Panel>
  );
}
