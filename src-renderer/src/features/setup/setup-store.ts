import { create } from 'zustand';
import { api } from '../../api/current';
import { actionRunner } from '../../stores/run-action';

interface SetupState {
  /** The set-up dialog is showing (first run, or opened again from Settings). */
  open: boolean;
  checked: boolean;
  saving: boolean;
  error: string | null;
  /** Asks main once whether this machine still needs the set-up, and opens it if so. */
  check(): Promise<void>;
  /** Opens the set-up again (Settings → "Run set-up again"). */
  reopen(): void;
  /** Applies the choices, records the set-up as done and closes; resolves true on success. */
  finish(apply: () => Promise<void>): Promise<boolean>;
}

/** The first-run set-up: tier, billing day, an optional usage import and optional sync. */
export const useSetupStore = create<SetupState>()((set, get) => {
  const run = actionRunner(set, { busy: 'saving', error: 'error', idle: false });
  return {
    open: false,
    checked: false,
    saving: false,
    error: null,
    check: async () => {
      if (get().checked) return;
      set({ checked: true });
      try {
        if ((await api().getSetup({})).needed) set({ open: true });
      } catch {
        // Without an answer the app still works; Settings can open the set-up any time.
      }
    },
    reopen: () => set({ open: true, error: null }),
    finish: async (apply) => {
      const outcome = await run(
        true,
        async () => {
          await apply();
          await api().completeSetup({});
        },
        { done: () => ({ open: false }) },
      );
      return outcome.ok;
    },
  };
});
