import { useEffect, useId, useState } from 'react';
import type { RateCardView, SettingsView } from '../../../../src-shared/api';
import { useWhatIfStore } from './what-if-store';
import { Panel } from '../../components/Panel';
import { formatCredits } from '../../lib/format';
import { NumberField } from '../../components/NumberField';

/** Typing a label count re-prices after a pause, not on every key. */
const TYPING_PAUSE_MS = 350;

/** The current value is no proposal: choosing it is the same state as never touching the control. */
const unlessNow = <T,>(value: T, now: T): T | undefined => (value === now ? undefined : value);

/** The settings to try; each starts at the workspace's current value. */
export function ProposalForm({ settings, card }: { settings: SettingsView; card: RateCardView }) {
  const proposal = useWhatIfStore((s) => s.proposal);
  const propose = useWhatIfStore((s) => s.propose);
  const reset = useWhatIfStore((s) => s.reset);
  const ids = { draft: useId(), model: useId(), tier: useId() };
  const [labels, setLabels] = useState(String(proposal.labelCount ?? settings.labelCount));
  const labelCount = /^\d{1,7}$/.test(labels.trim()) ? Number(labels.trim()) : null;

  useEffect(() => {
    if (labelCount === null || labelCount === (proposal.labelCount ?? settings.labelCount)) return;
    const timer = setTimeout(
      () => propose({ labelCount: labelCount === settings.labelCount ? undefined : labelCount }),
      TYPING_PAUSE_MS,
    );
    return () => clearTimeout(timer);
  }, [labelCount, proposal.labelCount, settings.labelCount, propose]);

  const changed = Object.keys(proposal).length > 0;
  return (
    <Panel title="Try other settings" className="proposal">
      <form className="form" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={ids.draft}>AI draft for all incoming messages</label>
          <select
            id={ids.draft}
            className="input"
            value={String(proposal.autoDraftAll ?? settings.autoDraftAll)}
            onChange={(e) =>
              propose({ autoDraftAll: unlessNow(e.target.value === 'true', settings.autoDraftAll) })
            }
          >
            <option value="true">On{settings.autoDraftAll ? ' (now)' : ''}</option>
            <option value="false">Off{!settings.autoDraftAll ? ' (now)' : ''}</option>
          </select>
        </div>
        <NumberField
          label="Label count"
          value={labels}
          onChange={setLabels}
          error={labelCount === null ? 'Enter a whole number of labels.' : null}
          hint={`Now ${settings.labelCount}; above 100 labels cost more.`}
        />
        <div className="field">
          <label htmlFor={ids.model}>Chatbot model</label>
          <select
            id={ids.model}
            className="input"
            value={proposal.chatbotModel ?? settings.chatbotModel}
            onChange={(e) => propose({ chatbotModel: unlessNow(e.target.value, settings.chatbotModel) })}
          >
            {card.chatbotModels.map((m) => (
              <option key={m} value={m}>
                {m}
                {m === settings.chatbotModel ? ' (now)' : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.tier}>Tier</label>
          <select
            id={ids.tier}
            className="input"
            value={proposal.tierId ?? settings.tierId}
            onChange={(e) => propose({ tierId: unlessNow(e.target.value, settings.tierId) })}
          >
            {card.tiers.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({formatCredits(t.monthlyMillicredits)}/month)
                {t.id === settings.tierId ? ' · now' : ''}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="btn btn-secondary"
          disabled={!changed}
          onClick={() => {
            setLabels(String(settings.labelCount));
            reset();
          }}
        >
          Reset to current settings
        </button>
      </form>
    </Panel>
  );
}
