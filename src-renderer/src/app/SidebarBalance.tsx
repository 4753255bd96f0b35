import { useEffect } from 'react';
import { useOverviewStore } from '../features/overview/overview-store';
import { formatCredits } from '../lib/format';

/** The balance at a glance under the navigation, on every page. */
export function SidebarBalance() {
  const remote = useOverviewStore((s) => s.remote);
  const load = useOverviewStore((s) => s.load);
  useEffect(() => {
    void load();
  }, [load]);
  const balance = remote.data?.balance;
  return (
    <div className="sidebar-balance" aria-label="Balance summary" role="group">
      <span className="sidebar-balance-label">Balance</span>
      <span className={`sidebar-balance-value${balance && balance.total < 0 ? ' negative' : ''}`}>
        {balance ? `${formatCredits(balance.total)} credits` : '—'}
      </span>
    </div>
  );
}
