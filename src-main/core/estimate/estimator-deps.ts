import type { CreditdeskDatabase } from '../db/open-database';
import type { SettingsService } from '../settings/settings-service';
import type { LedgerCollection } from '../ledger/ledger-collection';
import type { LedgerService } from '../ledger/ledger-service';
import type { Jobs } from '../jobs/jobs';

/** What the estimators read and write; its own file so the job functions need not import the class. */
export interface EstimatorDeps {
  db: CreditdeskDatabase;
  settings: SettingsService;
  store: LedgerCollection;
  ledger: LedgerService;
  jobs: Jobs;
  machineId: string;
  now: () => number;
  /** The bundled document worker, when running from the electron-vite build. */
  documentWorkerUrl?: string | URL;
}
