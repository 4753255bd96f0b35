import type { CoreContext } from '../core-context';
import type { Handlers } from './dispatcher';
import { overviewHandlers } from '../overview/handlers';
import { ledgerHandlers } from '../ledger/handlers';
import { importHandlers } from '../import/handlers';
import { analyticsHandlers } from '../analytics/handlers';
import { bundleHandlers } from '../bundles/handlers';
import { referralHandlers } from '../referrals/handlers';
import { settingsHandlers } from '../settings/handlers';
import { syncHandlers } from '../sync/handlers';
import { jobHandlers } from '../jobs/handlers';
import { estimateHandlers } from '../estimate/handlers';

/**
 * Every method's handler, merged from the domains (src-main/core/<domain>/handlers.ts). Each domain
 * is handed only the services it uses; `satisfies` fails when a domain's table is left out.
 */
export function createHandlers(ctx: CoreContext): Handlers {
  const { store, ledger, commands, grants, settings, alerts, uploads, jobs, machineId, dataDir, now } = ctx;
  const { version, mode, secretStorage } = ctx;
  return {
    ...overviewHandlers({
      app: { version, mode, dataDir, machineId, secretStorage },
      ledger,
      settings,
      alerts,
      now,
    }),
    ...ledgerHandlers({ store, ledger, commands, grants, settings, now }),
    ...importHandlers({ uploads, jobs, grants, store, settings, machineId, now }),
    ...analyticsHandlers({ ledger, settings, now }),
    ...bundleHandlers({ commands, settings, ledger, grants, now }),
    ...referralHandlers({ referrals: ctx.referrals, ledger }),
    ...settingsHandlers({ settings, grants, ledger, machineId, dataDir, now }),
    ...syncHandlers({ sync: ctx.sync, browserLink: () => ctx.browserLink }),
    ...jobHandlers({ uploads, jobs }),
    ...estimateHandlers({ estimators: ctx.estimators, uploads }),
  } satisfies Handlers;
}
