import { useState } from 'react';
import type { SavedEstimateView } from '../../../../../src-shared/api';
import { useEstimateSavedStore } from './saved-store';
import { useEstimateDocumentsStore } from '../documents/documents-store';
import { useEstimateWebsiteStore } from '../website/website-store';
import { useEstimateMigrationStore } from '../migration/migration-store';
import { Panel } from '../../../components/Panel';
import { RemoteView } from '../../../components/RemoteView';
import { EmptyState } from '../../../components/States';
import { SavedEstimateItem } from './SavedEstimateItem';
import { DeleteEstimateDialog } from './DeleteEstimateDialog';

/** The saved estimates, newest first: re-open one to see its stored result, export or delete it. */
export function SavedEstimates() {
  const list = useEstimateSavedStore((s) => s.list);
  const refresh = useEstimateSavedStore((s) => s.refresh);
  const open = useEstimateSavedStore((s) => s.open);
  const onScreen = [
    useEstimateDocumentsStore((s) => s.saved?.id),
    useEstimateWebsiteStore((s) => s.saved?.id),
    useEstimateMigrationStore((s) => s.saved?.id),
  ];
  const [deleting, setDeleting] = useState<SavedEstimateView | null>(null);

  return (
    <Panel title="Saved estimates" description="Kept on this computer." className="est-saved">
      <RemoteView remote={list} what="saved estimates" onRetry={() => void refresh()}>
        {(estimates) =>
          estimates.length === 0 ? (
            <EmptyState title="No saved estimates">
              Run an estimate, give it a title and save it to compare it later or share it as CSV.
            </EmptyState>
          ) : (
            <ul className="est-saved-list" aria-label="Saved estimates">
              {estimates.map((estimate) => (
                <SavedEstimateItem
                  key={estimate.id}
                  estimate={estimate}
                  current={onScreen.includes(estimate.id)}
                  onOpen={() => open(estimate)}
                  onDelete={() => setDeleting(estimate)}
                />
              ))}
            </ul>
          )
        }
      </RemoteView>
      <DeleteEstimateDialog estimate={deleting} onClose={() => setDeleting(null)} />
    </Panel>
  );
}
