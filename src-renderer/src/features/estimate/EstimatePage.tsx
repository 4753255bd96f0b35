import { useEffect } from 'react';
import { useEstimateSavedStore } from './saved/saved-store';
import { useEstimateTabStore } from './estimate-tab-store';
import { PageHeader } from '../../components/PageHeader';
import { EstimateTabs } from './EstimateTabs';
import { DocumentsSection } from './documents/DocumentsSection';
import { WebsiteSection } from './website/WebsiteSection';
import { MigrationSection } from './migration/MigrationSection';
import { SavedEstimates } from './saved/SavedEstimates';
import './estimate.css';

/**
 * What training documents, websites and help-desk migrations will cost, before a credit is spent:
 * three estimators as tabs, and the saved estimates beside them.
 */
export function EstimatePage() {
  const tab = useEstimateTabStore((s) => s.tab);
  const refreshSaved = useEstimateSavedStore((s) => s.refresh);
  useEffect(() => {
    // Always fresh on arrival: estimates saved in another window of the app are not pushed as events.
    void refreshSaved();
  }, [refreshSaved]);

  return (
    <>
      <PageHeader
        title="Estimate"
        description="What training documents, websites and help-desk migrations will cost, before a credit is spent."
      />
      <div className="estimate-page est-layout" data-testid="estimate-page">
        <div className="est-main">
          <EstimateTabs>
            {tab === 'documents' ? (
              <DocumentsSection />
            ) : tab === 'website' ? (
              <WebsiteSection />
            ) : (
              <MigrationSection />
            )}
          </EstimateTabs>
        </div>
        <SavedEstimates />
      </div>
    </>
  );
}
