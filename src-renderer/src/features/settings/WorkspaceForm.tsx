import { useId, useState, type FormEvent } from 'react';
import type { RateCardView, SettingsView } from '../../../../src-shared/api';
import type { SettingsPatch } from '../../../../src-shared/db/settings';
import { useSettingsStore } from './settings-store';
import { toast } from '../../stores/toast-store';
import { Panel } from '../../components/Panel';
import { FieldHint } from '../../components/FieldHint';
import { formatCredits } from '../../lib/format';
import { NumberField } from '../../components/NumberField';

interface Draft {
  tierId: string;
  anchorDay: string;
  labelCount: string;
  autoDraftAll: boolean;
  chatbotModel: string;
  alertThresholds: string;
}

const draftOf = (s: SettingsView): Draft => ({
  tierId: s.tierId,
  anchorDay: String(s.anchorDay),
  labelCount: String(s.labelCount),
  autoDraftAll: s.autoDraftAll,
  chatbotModel: s.chatbotModel,
  alertThresholds: s.alertThresholds.join(', '),
});

/** Checks the draft; returns the changed fields or the problems to show next to them. */
function validate(
  draft: Draft,
  saved: SettingsView,
): { patch: SettingsPatch; errors: Partial<Record<keyof Draft, string>> } {
  const errors: Partial<Record<keyof Draft, string>> = {};
  const patch: SettingsPatch = {};
  const anchor = Number(draft.anchorDay);
  if (!/^\d{1,2}$/.test(draft.anchorDay.trim()) || anchor < 1 || anchor > 31)
    errors.anchorDay = 'A day of the month from 1 to 31.';
  else if (anchor !== saved.anchorDay) patch.anchorDay = anchor;
  const labels = Number(draft.labelCount);
  if (!/^\d{1,7}$/.test(draft.labelCount.trim()) || labels > 1_000_000)
    errors.labelCount = 'A whole number of labels.';
  else if (labels !== saved.labelCount) patch.labelCount = labels;
  const parts = draft.alertThresholds
    .split(/[,\s]+/)
    .map((p) => p.replace(/%$/, ''))
    .filter(Boolean);
  const thresholds = [...new Set(parts.map(Number))].sort((a, b) => a - b);
  if (
    parts.some((p) => !/^\d{1,3}$/.test(p)) ||
    thresholds.some((t) => t < 1 || t > 100) ||
    thresholds.length > 10
  )
    errors.alertThresholds = 'Up to 10 percentages from 1 to 100, separated by commas.';
  else if (thresholds.join(',') !== saved.alertThresholds.join(',')) patch.alertThresholds = thresholds;
  if (draft.tierId !== saved.tierId) patch.tierId = draft.tierId;
  if (draft.autoDraftAll !== saved.autoDraftAll) patch.autoDraftAll = draft.autoDraftAll;
  if (draft.chatbotModel !== saved.chatbotModel) patch.chatbotModel = draft.chatbotModel;
  return { patch, errors };
}

/** The settings that price new usage. Recorded usage keeps the inputs it was priced with. */
export function WorkspaceForm({ settings, card }: { settings: SettingsView; card: RateCardView }) {
  const save = useSettingsStore((s) => s.save);
  const saving = useSettingsStore((s) => s.saving);
  const saveError = useSettingsStore((s) => s.saveError);
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings));
  // When settings change elsewhere (another machine), fields the user has not touched follow them.
  const [base, setBase] = useState(settings);
  if (base !== settings) {
    const before = draftOf(base);
    const after = draftOf(settings);
    const next = { ...draft };
    for (const key of Object.keys(after) as (keyof Draft)[])
      if (draft[key] === before[key]) (next as Record<string, unknown>)[key] = after[key];
    setBase(settings);
    setDraft(next);
  }
  const ids = {
    tier: useId(),
    draft: useId(),
    draftHint: useId(),
    model: useId(),
    thresholds: useId(),
    thresholdsHint: useId(),
  };
  const { patch, errors } = validate(draft, settings);
  const dirty = Object.keys(patch).length > 0;
  const invalid = Object.keys(errors).length > 0;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft({ ...draft, [key]: value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!dirty || invalid) return;
    if (await save(patch)) toast.success('Settings saved. New usage is priced with them.');
  };

  return (
    <Panel
      title="Workspace"
      description={`New usage is priced with these settings and rate card ${settings.rateCardVersion}.`}
    >
      <form className="form" onSubmit={submit} aria-label="Workspace settings">
        <div className="field">
          <label htmlFor={ids.tier}>Tier</label>
          <select
            id={ids.tier}
            className="input"
            value={draft.tierId}
            onChange={(e) => set('tierId', e.target.value)}
          >
            {card.tiers.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} · {formatCredits(t.monthlyMillicredits)} credits per month
              </option>
            ))}
          </select>
        </div>
        <NumberField
          label="Billing anchor day"
          width="narrow"
          value={draft.anchorDay}
          onChange={(typed) => set('anchorDay', typed)}
          error={errors.anchorDay}
          hint="The day of the month each cycle starts (UTC); short months use their last day."
        />
        <NumberField
          label="Label count"
          width="narrow"
          value={draft.labelCount}
          onChange={(typed) => set('labelCount', typed)}
          error={errors.labelCount}
          hint="Workspaces with more than 100 labels pay more per AI label."
        />
        <div className="field field-check">
          <input
            id={ids.draft}
            type="checkbox"
            role="switch"
            checked={draft.autoDraftAll}
            aria-describedby={ids.draftHint}
            onChange={(e) => set('autoDraftAll', e.target.checked)}
          />
          <label htmlFor={ids.draft}>AI draft for all incoming messages</label>
          <span id={ids.draftHint} className="field-hint">
            Drafts on long conversations cost 8–10 credits instead of 5.
          </span>
        </div>
        <div className="field">
          <label htmlFor={ids.model}>Chatbot model</label>
          <select
            id={ids.model}
            className="input"
            value={draft.chatbotModel}
            onChange={(e) => set('chatbotModel', e.target.value)}
          >
            {card.chatbotModels.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.thresholds}>Alert thresholds (% of monthly credits)</label>
          <input
            id={ids.thresholds}
            className="input"
            value={draft.alertThresholds}
            aria-invalid={!!errors.alertThresholds}
            aria-describedby={ids.thresholdsHint}
            onChange={(e) => set('alertThresholds', e.target.value)}
          />
          <FieldHint id={ids.thresholdsHint} error={errors.alertThresholds}>
            e.g. 50, 80, 100 — each alerts once per cycle.
          </FieldHint>
        </div>
        {(settings.scheduled ?? []).length > 0 && (
          <ul
            className="hint"
            data-testid="plan-scheduled"
            aria-label="Plan changes waiting for a later cycle"
          >
            {settings.scheduled!.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
        {saveError && (
          <p className="form-error" role="alert">
            Not saved: {saveError}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={!dirty || invalid || saving}>
            {saving ? 'Saving…' : 'Save settings'}
          </button>
          <button
            type="button"
            className="btn btn-ghost"
            disabled={!dirty || saving}
            onClick={() => setDraft(draftOf(settings))}
          >
            Discard changes
          </button>
          {dirty && !invalid && <span className="hint">Unsaved changes</span>}
        </div>
      </form>
    </Panel>
  );
}
