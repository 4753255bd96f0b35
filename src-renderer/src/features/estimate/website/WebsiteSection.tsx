import { useEstimateWebsiteStore } from './website-store';
import { UploadEstimateSection } from '../UploadEstimateSection';
import { WebsiteForm } from './WebsiteForm';
import { WebsiteResult } from './WebsiteResult';

/** The Website tab: the inputs, the run in progress, then the estimate. */
export function WebsiteSection() {
  return (
    <UploadEstimateSection
      useRun={useEstimateWebsiteStore}
      what="Website estimate"
      form={<WebsiteForm />}
      renderResult={(view) => <WebsiteResult view={view} />}
    />
  );
}
