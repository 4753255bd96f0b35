import { useEffect, useId, useState, type FormEvent } from 'react';
import type { RateCardView, SettingsView } from '../../../../src-shared/api';
import { api } from '../../api/current';
import { useSetupStore } from './setup-store';
import { useSettingsStore } from '../settings/settings-store';
import { useRateCardStore } from '../rate-card/rate-card-store';
import { useSyncStore } from '../sync/sync-store';
import { Dialog } from '../../components/Dialog';
import { formatCredits } from '../../lib/format';
import { navigate } from '../../app/router';
import { NumberField } from '../../components/NumberField';

interface Choices {
  tierId: string;
  anchorDay: string;
  importNext: boolean;
  endpoint: string;
  token: string;
}

const dayError = (text: string): string | null =>
  /^\d{1,2}$/.test(text.trim()) && Number(text) >= 1 && Number(text) <= 31
    ? null
    : 'Enter a day of the month from 1 to 31.';

function syncError(c: Choices): string | null {
  const endpoint = c.endpoint.trim();
  if (!endpoint && !c.token.trim()) return null;
  if (!/^https?:\/\/\S+$/i.test(endpoint))
    return 'Enter the endpoint as an http(s) address, or leave both empty.';
  if (c.token.trim().length < 8) return 'Paste the token your admin gave you (at least 8 characters).';
  return null;
}

function SetupForm({ settings, card }: { settings: SettingsView; card: RateCardView }) {
  const finish = useSetupStore((s) => s.finish);
  const saving = useSetupStore((s) => s.saving);
  const error = useSetupStore((s) => s.error);
  const [c, setC] = useState<Choices>({
    tierId: settings.tierId,
    anchorDay: String(settings.anchorDay),
    importNext: false,
    endpoint: '',
    token: '',
  });
  const [tried, setTried] = useState(false);
  const ids = { endpoint: useId(), token: useId(), syncHint: useId() };
  const errors = { day: dayError(c.anchorDay), sync: syncError(c) };
  const update = (patch: Partial<Choices>) => setC({ ...c, ...patch });

  const apply = async () => {
    const day = Number(c.anchorDay);
    const patch = {
      ...(c.tierId !== settings.tierId ? { tierId: c.tierId } : {}),
      ...(day !== settings.anchorDay ? { anchorDay: day } : {}),
    };
    if (Object.keys(patch).length > 0)
      await useSettingsStore
        .getState()
        .save(patch)
        .then((ok) => {
          if (!ok) throw new Error(useSettingsStore.getState().saveError ?? 'The plan could not be saved.');
        });
    if (c.endpoint.trim()) {
      useSyncStore
        .getState()
        .set(await api().configureSync({ endpoint: c.endpoint.trim(), token: c.token.trim() }));
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (errors.day || errors.sync) return;
    if (await finish(apply)) {
      if (c.importNext) navigate('ledger?import=1');
    }
  };

  return (
    <form className="form setup-form" onSubmit={submit} aria-label="First-run set-up" noValidate>
      <fieldset className="setup-step">
        <legend>1. Your plan</legend>
        <div className="setup-tiers" role="radiogroup" aria-label="Tier">
          {card.tiers.map((t) => (
            <label key={t.id} className={`setup-tier${c.tierId === t.id ? ' is-checked' : ''}`}>
              <input
                type="radio"
                name="tier"
                value={t.id}
                checked={c.tierId === t.id}
                onChange={() => update({ tierId: t.id })}
              />
              <span className="setup-tier-name">{t.name}</span>
              <span className="hint">{formatCredits(t.monthlyMillicredits)} credits a month</span>
            </label>
          ))}
        </div>
        <NumberField
          label="Billing day"
          className="setup-day"
          width="small"
          value={c.anchorDay}
          onChange={(anchorDay) => update({ anchorDay })}
          error={tried ? errors.day : null}
          hint="The day of the month your monthly credits reset; 29–31 fall on the last day of shorter months."
        />
      </fieldset>
      <fieldset className="setup-step">
        <legend>2. Usage you already have (optional)</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={c.importNext}
            onChange={(e) => update({ importNext: e.target.checked })}
          />
          Import a CSV or NDJSON file of past usage next (on the Ledger page)
        </label>
      </fieldset>
      <fieldset className="setup-step">
        <legend>3. Team sync (optional)</legend>
        <p className="hint" id={ids.syncHint}>
          To keep one ledger with your team, paste the endpoint and token your admin gave you. Leave empty to
          work on this computer only; Settings can add it later.
        </p>
        <div className="setup-sync">
          <div className="field">
            <label htmlFor={ids.endpoint}>Endpoint</label>
            <input
              id={ids.endpoint}
              className="input"
              type="url"
              placeholder="https://creditdesk.example.com"
              value={c.endpoint}
              aria-describedby={ids.syncHint}
              onChange={(e) => update({ endpoint: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.token}>Token</label>
            <input
              id={ids.token}
              className="input"
              type="password"
              autoComplete="off"
              value={c.token}
              onChange={(e) => update({ token: e.target.value })}
            />
          </div>
        </div>
        {tried && errors.sync && (
          <p className="form-error" role="alert">
            {errors.sync}
          </p>
        )}
      </fieldset>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button
          type="button"
          className="btn btn-secondary"
          disabled={saving}
          onClick={() => void finish(async () => undefined)}
        >
          Skip: keep {card.tiers.find((t) => t.id === settings.tierId)?.name ?? settings.tierId}, day{' '}
          {settings.anchorDay}
        </button>
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {saving ? 'Saving…' : 'Finish set-up'}
        </button>
      </div>
    </form>
  );
}

/**
 * The first-run set-up instead of silently assuming a plan: shown once per machine, and again
 * from Settings. Tier and billing day go through updateSettings like any settings change.
 */
export function FirstRunSetup() {
  const open = useSetupStore((s) => s.open);
  const check = useSetupStore((s) => s.check);
  const settings = useSettingsStore((s) => s.remote);
  const card = useRateCardStore((s) => s.remote);
  useEffect(() => {
    void check();
  }, [check]);
  useEffect(() => {
    if (!open) return;
    void useSettingsStore.getState().load();
    void useRateCardStore.getState().load();
  }, [open]);
  const close = () => useSetupStore.setState({ open: false });
  return (
    <Dialog
      open={open}
      title="Set up Creditdesk"
      description="Three short steps. Everything here can be changed later in Settings."
      onClose={close}
    >
      {settings.data && card.data ? (
        <SetupForm settings={settings.data} card={card.data} />
      ) : (
        <p className="hint">Loading your workspace…</p>
      )}
    </Dialog>
  );
}
