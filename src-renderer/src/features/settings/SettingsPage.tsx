import { useEffect } from 'react';
import { useSettingsStore } from './settings-store';
import { useRateCardStore } from '../rate-card/rate-card-store';
import { useSyncStore } from '../sync/sync-store';
import { useAppInfoStore } from '../../stores/app-info-store';
import { useSetupStore } from '../setup/setup-store';
import { PageHeader } from '../../components/PageHeader';
import { isElectron } from '../../api/bridge';
import { ErrorState, Loading } from '../../components/States';
import { WorkspaceForm } from './WorkspaceForm';
import { SyncPanel } from '../sync/SyncPanel';
import { HostingPanel } from '../sync/HostingPanel';
import { AppearancePanel } from './AppearancePanel';
import { AboutPanel } from './AboutPanel';
import { BrowserLinkPanel } from './BrowserLinkPanel';

/** Workspace pricing settings, sync, hosting, appearance and where the data lives. */
export function SettingsPage() {
  const settings = useSettingsStore((s) => s.remote);
  const card = useRateCardStore((s) => s.remote);
  const sync = useSyncStore((s) => s.remote);
  const info = useAppInfoStore((s) => s.remote);
  const loadSettings = useSettingsStore((s) => s.load);
  const loadCard = useRateCardStore((s) => s.load);
  const loadSync = useSyncStore((s) => s.load);
  const loadInfo = useAppInfoStore((s) => s.load);
  const reopenSetup = useSetupStore((s) => s.reopen);
  useEffect(() => {
    void loadSettings();
    void loadCard();
    void loadSync();
    void loadInfo();
  }, [loadSettings, loadCard, loadSync, loadInfo]);

  const retry = () => {
    void useSettingsStore.getState().refresh();
    void useRateCardStore.getState().refresh();
  };

  return (
    <>
      <PageHeader
        title="Settings"
        description="Workspace settings are shared with the team through sync."
        actions={
          <button type="button" className="btn btn-secondary" onClick={reopenSetup}>
            Run set-up again
          </button>
        }
      />
      <div className="settings-grid">
        {settings.data && card.data ? (
          <WorkspaceForm settings={settings.data} card={card.data} />
        ) : settings.status === 'error' || card.status === 'error' ? (
          <ErrorState
            title="Could not load the workspace settings"
            message={settings.error ?? card.error ?? ''}
            onRetry={retry}
          />
        ) : (
          <Loading label="Loading settings…" />
        )}
        <div className="settings-side">
          {sync.data ? (
            <>
              <SyncPanel status={sync.data} secretStorage={info.data?.secretStorage ?? null} />
              <HostingPanel status={sync.data} />
            </>
          ) : sync.status === 'error' ? (
            <ErrorState title="Could not load the sync status" message={sync.error} />
          ) : (
            <Loading label="Loading sync status…" />
          )}
          {info.data?.mode === 'web' && !isElectron() && <BrowserLinkPanel />}
          <AppearancePanel />
          {info.data && <AboutPanel info={info.data} />}
        </div>
      </div>
    </>
  );
}
