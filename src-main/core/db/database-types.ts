import type { RxCollection, RxDatabase } from 'rxdb';
import type { LedgerDoc, RateCardDoc, EstimateDoc } from '../../../src-shared/db/collections';
import type { Referral } from '../../../src-shared/db/referral';
import type { WorkspaceSettings } from '../../../src-shared/db/settings';
import type { Alert } from '../../../src-shared/db/alert';

export interface CreditdeskCollections {
  ledger: RxCollection<LedgerDoc>;
  referrals: RxCollection<Referral>;
  settings: RxCollection<WorkspaceSettings>;
  ratecards: RxCollection<RateCardDoc>;
  alerts: RxCollection<Alert>;
  estimates: RxCollection<EstimateDoc>;
}
export type CreditdeskDatabase = RxDatabase<CreditdeskCollections>;
