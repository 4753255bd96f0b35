import type { BundleMethods } from '../../../src-shared/api/bundles';
import type { HandlerTable } from '../api/dispatcher';
import type { LedgerCommands } from '../ledger/ledger-commands';
import type { SettingsService } from '../settings/settings-service';
import { writtenRow, type WrittenRowDeps } from '../ledger/written-row';
import { bundlePlanView } from './bundle-plan-view';

export interface BundleHandlerDeps extends WrittenRowDeps {
  commands: Pick<LedgerCommands, 'purchaseBundle'>;
  settings: Pick<SettingsService, 'card'>;
}

export function bundleHandlers(deps: BundleHandlerDeps): HandlerTable<keyof BundleMethods> {
  return {
    purchaseBundle: ({ bundleId, quantity, requestId }) =>
      writtenRow(deps, deps.commands.purchaseBundle(bundleId, quantity, requestId)),
    recommendBundles: async ({ neededMillicredits }) =>
      bundlePlanView(neededMillicredits, await deps.settings.card()),
  };
}
