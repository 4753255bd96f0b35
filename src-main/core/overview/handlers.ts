import { authorize } from '../../../src-shared/ledger';
import type { AppInfoView } from '../../../src-shared/api/views';
import type { OverviewMethods } from '../../../src-shared/api/overview';
import type { HandlerTable } from '../api/dispatcher';
import { overview, type OverviewDeps } from './overview-view';
import { rateCardView } from './rate-card-view';

export interface OverviewHandlerDeps extends OverviewDeps {
  app: Omit<AppInfoView, 'machineName'>;
}

export function overviewHandlers(deps: OverviewHandlerDeps): HandlerTable<keyof OverviewMethods> {
  const { app, settings, ledger } = deps;
  return {
    getAppInfo: async () => {
      const machineName = (await settings.machineNames())[app.machineId]?.name;
      return {
        version: app.version,
        mode: app.mode,
        dataDir: app.dataDir,
        machineId: app.machineId,
        ...(machineName ? { machineName } : {}),
        secretStorage: app.secretStorage,
      };
    },
    getOverview: async () => overview(deps),
    getForecast: async () => (await overview(deps)).forecast,
    getRateCard: async () => rateCardView(await settings.card()),
    authorizeAction: async ({ action }) => {
      const [current, card] = await Promise.all([settings.get(), settings.card()]);
      const result = authorize(action, await ledger.balance(deps.now()), card, {
        anchorDay: current.anchorDay,
      });
      return {
        allowed: result.allowed,
        millicredits: result.millicredits,
        message: result.message,
        resetAt: result.resetAt,
      };
    },
  };
}
