import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { RxStorage } from 'rxdb';
import { openDatabase, type CreditdeskDatabase } from './db/open-database';
import { createStorage } from './db/storage';
import { ensurePrivateDir } from './data-dir';
import { MachineStore } from './machine';
import type { SecretStore } from './secrets';
import { createEventBus, type EventBus } from './events';
import { createDispatcher, type Dispatch } from './api/dispatcher';
import { localEntryRules } from './ledger/local-rules';
import { LedgerCollection } from './ledger/ledger-collection';
import { LedgerService, type LedgerServiceOptions } from './ledger/ledger-service';
import { CHECKPOINT_FILE_NAME } from './ledger/checkpoint-file';
import { LEDGER_IMAGE_FILE_NAME } from './ledger/ledger-image-file';
import { LedgerCommands } from './ledger/ledger-commands';
import { RateCards } from './settings/rate-cards';
import { SettingsService } from './settings/settings-service';
import { ReferralService } from './referrals/referral-service';
import { AlertService } from './alerts/alert-service';
import { Uploads } from './files/uploads';
import { Jobs } from './jobs/jobs';
import { LiveUpdates } from './live-updates';
import { GrantService } from './grants/grant-service';
import { createHandlers } from './api/handlers';
import type { CoreContext } from './core-context';
import { SyncController } from './sync-controller';
import { Estimators } from './estimate/estimators';
import type { ImportResult } from '../../src-shared/api/views';

export interface CoreOptions {
  dataDir: string;
  mode: 'electron' | 'web';
  secretStore: SecretStore;
  now?: () => number;
  /** Tests may pass another storage; the app uses SQLite in the data folder. */
  storage?: RxStorage<unknown, unknown>;
  devMode?: boolean;
  version?: string;
  /** Tests may hold the ledger's background load (the fast start-up phase) or collect its log. */
  ledger?: Pick<LedgerServiceOptions, 'backgroundGate' | 'log' | 'imageRefreshEntries'>;
  /** RxDB keeps one database per name in a process; tests running two cores give each its own. */
  databaseName?: string;
  /** Interface the hosted endpoint binds to (default all, for teammates; tests use 127.0.0.1). */
  hostingInterface?: string;
}

export interface Core {
  dispatch: Dispatch;
  events: EventBus;
  context: CoreContext;
  /** The native menu's import (Electron): same pipeline as the API's importUsage. */
  importUsageFile(path: string): Promise<ImportResult>;
  exportLedgerToFile(path: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * Opens the data folder and assembles the services. Everything here runs under plain Node; the
 * Electron shell and the web host only attach transports to `dispatch` and `events`.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const now = options.now ?? Date.now;
  // Private to this user: the ledger, staged uploads and the sync token live here.
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  ensurePrivateDir(join(options.dataDir, 'db'));
  const machine = new MachineStore(options.dataDir, now);
  const machineId = machine.current.machineId;
  const events = createEventBus((error) => console.error('Event listener failed:', error));
  const db: CreditdeskDatabase = await openDatabase({
    storage: options.storage ?? createStorage(join(options.dataDir, 'db')),
    devMode: options.devMode,
    name: options.databaseName,
  });
  try {
    const rateCards = new RateCards(db.ratecards, now);
    await rateCards.ensureDefault();
    const settings = new SettingsService(db.settings, rateCards, machineId, now);
    await settings.ensureDefaults();
    const store = new LedgerCollection(db.ledger);
    store.useRules(localEntryRules({ store, settings, rateCards }));
    const ledger = new LedgerService(db.ledger, (await settings.get()).anchorDay, {
      checkpointPath: join(options.dataDir, CHECKPOINT_FILE_NAME),
      imagePath: join(options.dataDir, LEDGER_IMAGE_FILE_NAME),
      now,
      ...options.ledger,
    });
    await ledger.init();
    const commands = new LedgerCommands(store, settings, machineId, now);
    const grants = new GrantService(store, ledger, settings, machineId, now);
    const referrals = new ReferralService(db.referrals, store, () => settings.card(), machineId, now);
    const alerts = new AlertService(db.alerts, machineId);
    const jobs = new Jobs(events, now);
    const uploads = new Uploads(options.dataDir, now, undefined, () => jobs.active > 0);
    const sync = new SyncController({
      db,
      dataDir: options.dataDir,
      hostingInterface: options.hostingInterface,
      machine,
      secrets: options.secretStore,
      events,
      now,
    });
    const estimators = new Estimators({ db, settings, store, ledger, jobs, machineId, now });
    const context: CoreContext = {
      db,
      mode: options.mode,
      version: options.version ?? '0.1.0',
      dataDir: options.dataDir,
      machineId,
      secretStorage: options.secretStore.kind,
      now,
      store,
      ledger,
      commands,
      grants,
      settings,
      rateCards,
      referrals,
      alerts,
      uploads,
      jobs,
      events,
      sync,
      estimators,
    };
    const live = new LiveUpdates(context);
    await live.start();
    const dispatch = createDispatcher(createHandlers(context), {
      onInternalError: (method, error) => console.error(`[creditdesk] ${method} failed:`, error),
    });
    await sync.start();
    return {
      dispatch,
      events,
      context,
      importUsageFile: (path) => live.importFile(path),
      exportLedgerToFile: (path) => live.exportToFile(path),
      async close() {
        jobs.cancelAll();
        await sync.stop();
        live.stop();
        ledger.close();
        uploads.close();
        await estimators.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
