import { create } from 'zustand';
import type { SettingsView } from '../../../../src-shared/api';
import type { SettingsPatch } from '../../../../src-shared/db/settings';
import { api } from '../../api/current';
import { idle, refreshInto, type Remote } from '../../lib/remote';
import { onLiveEvent } from '../../stores/live-events';
import { actionRunner } from '../../stores/run-action';

interface SettingsState {
  remote: Remote<SettingsView>;
  saving: boolean;
  saveError: string | null;
  load(): Promise<void>;
  refresh(): Promise<void>;
  /** From the settingsChanged event (a change here or synced from another machine). */
  set(settings: SettingsView): void;
  /** Saves only the fields given; resolves true when main accepted them. */
  save(patch: SettingsPatch): Promise<boolean>;
}

/** The workspace settings that price new usage (tier, anchor day, labels, auto-draft, model, alerts). */
export const useSettingsStore = create<SettingsState>()((set, get) => {
  const refresh = refreshInto(get, set, 'remote', () => api().getSettings({}));
  const run = actionRunner(set, { busy: 'saving', error: 'saveError', idle: false });
  return {
    remote: idle(),
    saving: false,
    saveError: null,
    load: async () => {
      if (get().remote.status === 'idle') await refresh();
    },
    refresh,
    set: (settings) => set({ remote: { status: 'ready', data: settings, error: null } }),
    save: async (patch) => {
      const outcome = await run(true, () => api().updateSettings(patch), {
        done: (saved) => ({ remote: { status: 'ready', data: saved, error: null } }),
      });
      return outcome.ok;
    },
  };
});
onLiveEvent('settingsChanged', (settings) => useSettingsStore.getState().set(settings));
