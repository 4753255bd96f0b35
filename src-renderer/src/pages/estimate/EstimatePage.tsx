import { PageHeader } from '../../components/PageHeader';
import { EmptyState } from '../../components/States';

/**
 * The Estimate page's slot in the console. Issue #7 (documents, website and migration estimators)
 * fills it; the route, navigation item and page frame are already in place.
 */
export function EstimatePage() {
  return (
    <>
      <PageHeader
        title="Estimate"
        description="What training documents, websites and help-desk migrations will cost."
      />
      <div className="estimate-page" data-testid="estimate-page">
        <EmptyState title="Estimators are on their way">
          Document, website and migration estimates will appear here.
        </EmptyState>
      </div>
    </>
  );
}
