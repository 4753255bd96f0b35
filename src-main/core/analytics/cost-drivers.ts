import {
  forEachNetUsage,
  uniqueEntries,
  perMille,
  type LedgerSource,
  type TimeRange,
} from '../../../src-shared/ledger';
import { ACTION_LABELS } from '../../../src-shared/pricing/actions';
import type { CostDriver } from '../../../src-shared/api/views';
import { formatCredits } from '../../../src-shared/units';

interface Bucket {
  label: string;
  millicredits: number;
  count: number;
}

/**
 * What the period's credits went on, with the settings that make actions dearer called out on
 * their own: auto-draft on long conversations, label counts over 100, and each chatbot model.
 */
export function costDrivers(source: LedgerSource, range: TimeRange): CostDriver[] {
  const groups = new Map<string, Bucket>();
  let total = 0;
  const add = (id: string, label: string, amount: number) => {
    const g = groups.get(id) ?? { label, millicredits: 0, count: 0 };
    g.millicredits += amount;
    g.count++;
    groups.set(id, g);
  };
  const entries = uniqueEntries(source);
  forEachNetUsage(entries, range.from, range.to, Infinity, (i, net) => {
    total += net;
    const usage = entries.at(i);
    if (usage.kind !== 'usage') return;
    const action = usage.action;
    if (action.kind === 'ai_reply' && action.autoDraftAll && !usage.ruleId.endsWith(':base')) {
      add('auto_draft_long', 'AI drafts on long conversations (auto-draft for all)', net);
    } else if (action.kind === 'ai_label' && action.labelCount > 100) {
      add('labels_over_100', 'AI labels with more than 100 labels', net);
    } else if (action.kind === 'chatbot_message') {
      add(`model:${action.model}`, `Chatbot on ${action.model}`, net);
    } else {
      add(`kind:${action.kind}`, ACTION_LABELS[action.kind], net);
    }
  });
  return [...groups.entries()]
    .map(([id, g]) => ({
      id,
      label: g.label,
      millicredits: g.millicredits,
      perMille: perMille(g.millicredits, total),
      detail: `${g.count.toLocaleString('en-US')} ${g.count === 1 ? 'action' : 'actions'}, ${formatCredits(g.millicredits)} credits`,
    }))
    .filter((d) => d.millicredits > 0)
    .sort((a, b) => b.millicredits - a.millicredits || a.id.localeCompare(b.id));
}
