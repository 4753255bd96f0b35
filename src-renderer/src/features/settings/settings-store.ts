import { create } from 'zustand';
import type { SettingsView } from '../../../../src-shared/api';
import type { SettingsPatch } from '../../../../src-shared/db/settings';
import { api } from '../../api/bridge';
import { coalesce, idle, type Remote } from '../../lib/remote';
import { messageOf } from '../../lib/errors';

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
  const refresh = coalesce(async () => {
    if (get().remote.status !== 'ready')
      set({ remote: { status: 'loading', data: get().remote.data, error: null } });
    try {
      set({ remote: { status: 'ready', data: await api.getSettings({}), error: null } });
    } catch (error) {
      set({ remote: { status: 'error', data: get().remote.data, error: messageOf(error) } });
    }
  });
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
      set({ saving: true, saveError: null });
      try {
        const saved = await api.updateSettings(patch);
        set({ saving: false, remote: { status: 'ready', data: saved, error: null } });
        return true;
      } catch (error) {
        set({ saving: false, saveError: messageOf(error) });
        return false;
      }
    },
  };
});
