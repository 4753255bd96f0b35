import type { AppInfoView } from '../../src-shared/api/views';
import type { CreditdeskDatabase } from './db/open-database';
import type { LedgerCollection } from './ledger/ledger-collection';
import type { LedgerService } from './ledger/ledger-service';
import type { LedgerCommands } from './ledger/ledger-commands';
import type { GrantService } from './grants/grant-service';
import type { SettingsService } from './settings/settings-service';
import type { RateCards } from './settings/rate-cards';
import type { ReferralService } from './referrals/referral-service';
import type { AlertService } from './alerts/alert-service';
import type { Uploads } from './files/uploads';
import type { Jobs } from './jobs/jobs';
import type { EventBus } from './events';
import type { SyncController } from './sync-controller';
import type { Estimators } from './estimate/estimators';

/**
 * Every service the core assembles (see app.ts). Only the wiring sees all of it: each domain's
 * handlers and the live updates take the few services they use.
 */
export interface CoreContext {
  db: CreditdeskDatabase;
  mode: 'electron' | 'web';
  version: string;
  dataDir: string;
  machineId: string;
  secretStorage: AppInfoView['secretStorage'];
  now: () => number;
  store: LedgerCollection;
  ledger: LedgerService;
  commands: LedgerCommands;
  grants: GrantService;
  settings: SettingsService;
  rateCards: RateCards;
  referrals: ReferralService;
  alerts: AlertService;
  uploads: Uploads;
  jobs: Jobs;
  events: EventBus;
  sync: SyncController;
  estimators: Estimators;
  /** Set by the web host's CLI: the printed link, whose token the user can rotate. */
  browserLink?: { rotate(): string };
}
