import { create } from 'zustand';

export type ThemePreference = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const KEY = 'creditdesk.theme';
const media = window.matchMedia('(prefers-color-scheme: dark)');

/** `?theme=dark` in the address forces a theme for one session (screenshots, demos). */
function initialPreference(): ThemePreference {
  const fromUrl = new URLSearchParams(window.location.search).get('theme');
  if (fromUrl === 'light' || fromUrl === 'dark' || fromUrl === 'system') return fromUrl;
  const saved = localStorage.getItem(KEY);
  return saved === 'light' || saved === 'dark' ? saved : 'system';
}

const resolve = (preference: ThemePreference): Theme =>
  preference === 'system' ? (media.matches ? 'dark' : 'light') : preference;

interface ThemeState {
  preference: ThemePreference;
  theme: Theme;
  setPreference(preference: ThemePreference): void;
}

/** Light or dark: follows the OS unless the user picked one in Settings. */
export const useThemeStore = create<ThemeState>()((set, get) => {
  media.addEventListener('change', () => set({ theme: resolve(get().preference) }));
  const preference = initialPreference();
  return {
    preference,
    theme: resolve(preference),
    setPreference: (next) => {
      if (next === 'system') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, next);
      set({ preference: next, theme: resolve(next) });
    },
  };
});

/** Mirrors the theme onto <html data-theme> where the CSS variables switch. */
export function applyTheme(): () => void {
  const apply = (theme: Theme) => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  };
  apply(useThemeStore.getState().theme);
  return useThemeStore.subscribe((state) => apply(state.theme));
}
