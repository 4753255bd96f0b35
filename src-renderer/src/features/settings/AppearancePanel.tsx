import { useThemeStore, type ThemePreference } from '../../stores/theme-store';
import { Panel } from '../../components/Panel';

const OPTIONS: { value: ThemePreference; label: string }[] = [
  { value: 'system', label: 'Follow the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** Light or dark; kept on this machine only. */
export function AppearancePanel() {
  const preference = useThemeStore((s) => s.preference);
  const setPreference = useThemeStore((s) => s.setPreference);
  return (
    <Panel title="Appearance">
      <fieldset className="radio-group">
        <legend className="visually-hidden">Theme</legend>
        {OPTIONS.map((o) => (
          <label key={o.value} className="check">
            <input
              type="radio"
              name="theme"
              value={o.value}
              checked={preference === o.value}
              onChange={() => setPreference(o.value)}
            />
            {o.label}
          </label>
        ))}
      </fieldset>
    </Panel>
  );
}
