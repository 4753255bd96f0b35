import { z } from 'zod';
import { settingsPatchSchema } from '../db/settings';
import { empty, method } from './method';

/** The workspace's settings, this machine's first-run set-up, and the team's machine names. */

export interface SettingsView {
  tierId: string;
  anchorDay: number;
  labelCount: number;
  autoDraftAll: boolean;
  chatbotModel: string;
  alertThresholds: number[];
  rateCardVersion: string;
  /** Plan changes decided but not in effect yet, in words (an anchor day waits for the cycle's end). */
  scheduled?: string[];
}

/** The first-run set-up on this machine. */
export interface SetupView {
  /** True until the first-run set-up was finished or skipped on this machine. */
  needed: boolean;
  completedAt: number | null;
}

/** A machine that wrote ledger entries, for the ledger's machine filter. */
export interface MachineView {
  machineId: string;
  /** The readable name given in Settings; absent while nobody has named it. */
  name?: string;
  entries: number;
  /** True for the machine this app runs on. */
  current: boolean;
}

export const settingsMethods = {
  getSettings: method<SettingsView>()(empty),
  updateSettings: method<SettingsView>()(settingsPatchSchema),
  /** Machines that wrote entries (most entries first), for the ledger's machine filter. */
  listMachines: method<MachineView[]>()(empty),
  /** Gives a machine (this one or a teammate's) a readable name the whole team sees after sync. */
  renameMachine: method<MachineView[]>()(
    z.strictObject({ machineId: z.string().min(1).max(64), name: z.string().max(1000) }),
  ),
  /** Whether this machine still needs the first-run set-up; completing it (or skipping) records that. */
  getSetup: method<SetupView>()(empty),
  completeSetup: method<SetupView>()(empty),
} as const;
export type SettingsMethods = typeof settingsMethods;

export interface SettingsEvents {
  settingsChanged: SettingsView;
}
