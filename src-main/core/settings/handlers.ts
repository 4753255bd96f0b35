import type { SettingsMethods } from '../../../src-shared/api/settings';
import { nameLookup } from '../../../src-shared/db/machine-names';
import type { HandlerTable } from '../api/dispatcher';
import type { LedgerService } from '../ledger/ledger-service';
import type { GrantService } from '../grants/grant-service';
import { MachineIndex } from '../ledger/machines';
import type { SettingsService } from './settings-service';
import { SetupState } from './setup-state';

export interface SettingsHandlerDeps {
  settings: SettingsService;
  grants: Pick<GrantService, 'ensure'>;
  ledger: Pick<LedgerService, 'fullSource' | 'size'>;
  machineId: string;
  dataDir: string;
  now: () => number;
}

export function settingsHandlers(deps: SettingsHandlerDeps): HandlerTable<keyof SettingsMethods> {
  const { settings, grants, ledger, machineId } = deps;
  const machines = new MachineIndex();
  const setup = new SetupState(deps.dataDir, deps.now);
  return {
    getSettings: async () => settings.view(),
    updateSettings: async (patch) => {
      await settings.update(patch);
      // A tier upgrade raises this cycle's grant now; the live update would do it a moment later.
      await grants.ensure();
      return settings.view();
    },
    listMachines: async () =>
      machines.list(
        (await ledger.fullSource()).entries(),
        ledger.size,
        machineId,
        nameLookup(await settings.machineNames()),
      ),
    renameMachine: async ({ machineId: id, name }) => {
      const names = nameLookup(await settings.renameMachine(id, name));
      return machines.list((await ledger.fullSource()).entries(), ledger.size, machineId, names);
    },
    getSetup: async () => setup.view(),
    completeSetup: async () => setup.complete(),
  };
}
