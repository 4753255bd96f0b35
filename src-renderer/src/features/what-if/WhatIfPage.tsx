import { useEffect } from 'react';
import { useWhatIfStore } from './what-if-store';
import { useSettingsStore } from '../settings/settings-store';
import { useRateCardStore } from '../rate-card/rate-card-store';
import { PageHeader } from '../../components/PageHeader';
import { RemoteView } from '../../components/RemoteView';
import { Loading, ErrorState } from '../../components/States';
import { ProposalForm } from './ProposalForm';
import { WhatIfResult } from './WhatIfResult';

/** Re-prices the last cycle's recorded actions under other settings. */
export function WhatIfPage() {
  const remote = useWhatIfStore((s) => s.remote);
  const load = useWhatIfStore((s) => s.load);
  const refresh = useWhatIfStore((s) => s.refresh);
  const settings = useSettingsStore((s) => s.remote);
  const loadSettings = useSettingsStore((s) => s.load);
  const card = useRateCardStore((s) => s.remote);
  const loadCard = useRateCardStore((s) => s.load);
  useEffect(() => {
    void load();
    void loadSettings();
    void loadCard();
  }, [load, loadSettings, loadCard]);

  return (
    <>
      <PageHeader
        title="What-if"
        description="What the last cycle’s recorded actions would have cost under other settings. Nothing is changed."
      />
      <div className="what-if-layout">
        {settings.data && card.data ? (
          <ProposalForm settings={settings.data} card={card.data} />
        ) : settings.status === 'error' || card.status === 'error' ? (
          <ErrorState
            title="Could not load the current settings"
            message={settings.error ?? card.error ?? ''}
            onRetry={() => {
              void useSettingsStore.getState().refresh();
              void useRateCardStore.getState().refresh();
            }}
          />
        ) : (
          <Loading label="Loading settings…" />
        )}
        <RemoteView remote={remote} what="the comparison" onRetry={() => void refresh()}>
          {(view) => <WhatIfResult view={view} card={card.data} />}
        </RemoteView>
      </div>
    </>
  );
}
