import { useEstimateMigrationStore } from './migration-store';
import { UploadEstimateSection } from '../UploadEstimateSection';
import { MigrationForm } from './MigrationForm';
import { MigrationResult } from './MigrationResult';

/** The Migration tab: the inputs, the count in progress, then the estimate. */
export function MigrationSection() {
  return (
    <UploadEstimateSection
      useRun={useEstimateMigrationStore}
      what="Migration estimate"
      form={<MigrationForm />}
      renderResult={(view) => <MigrationResult view={view} />}
    />
  );
}
