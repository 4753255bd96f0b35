import {
  cycleFor,
  previousCycle,
  forEachNetUsage,
  uniqueEntries,
  DAY_MS,
  type LedgerSource,
  type Cycle,
} from '../../../src-shared/ledger';
import { findTier, priceAction, type Action, type RateCard } from '../../../src-shared/pricing';
import type { WhatIfSide, WhatIfView } from '../../../src-shared/api/views';
import type { WorkspaceSettings } from '../../../src-shared/db/settings';

export interface WhatIfSettings {
  autoDraftAll?: boolean;
  labelCount?: number;
  chatbotModel?: string;
  tierId?: string;
}

/** The recorded action as it would have been under other workspace settings. */
function reshape(action: Action, proposal: WhatIfSettings): Action {
  switch (action.kind) {
    case 'ai_reply':
      return proposal.autoDraftAll === undefined
        ? action
        : { ...action, autoDraftAll: proposal.autoDraftAll };
    case 'ai_label':
      return proposal.labelCount === undefined ? action : { ...action, labelCount: proposal.labelCount };
    case 'chatbot_message':
      return proposal.chatbotModel === undefined ? action : { ...action, model: proposal.chatbotModel };
    default:
      return action;
  }
}

function side(byKind: WhatIfSide['byKind'], perCycle: number, monthly: number, cycle: Cycle): WhatIfSide {
  const cycleMs = cycle.end - cycle.start;
  // Usage spread evenly over the cycle: monthly credits last monthly/perCycle of it.
  const runsOut = perCycle > monthly;
  const runwayMs = runsOut ? Math.floor((monthly * cycleMs) / perCycle) : null;
  return {
    perCycle,
    byKind,
    monthlyMillicredits: monthly,
    monthlyRunwayDays: runwayMs === null ? null : Math.floor(runwayMs / DAY_MS),
    monthlyRunsOutAt: runwayMs === null ? null : cycle.start + runwayMs,
  };
}

const definedOnly = (proposal: WhatIfSettings): WhatIfSettings =>
  Object.fromEntries(Object.entries(proposal).filter(([, v]) => v !== undefined)) as WhatIfSettings;

/**
 * Re-prices the last complete cycle's recorded actions (the current cycle so far, when the last
 * one has no usage) under the current settings and under proposed ones. Reversed usage is left
 * out, as it was not paid for.
 */
export function whatIf(
  source: LedgerSource,
  settings: WorkspaceSettings,
  card: RateCard,
  proposal: WhatIfSettings,
  now: number,
): WhatIfView {
  const current = cycleFor(settings.anchorDay, now);
  const entries = uniqueEntries(source);
  const collect = (cycle: Cycle, to: number) => {
    const actions: Action[] = [];
    forEachNetUsage(entries, cycle.start, to, now, (i, net) => {
      const usage = entries.at(i);
      if (net > 0 && usage.kind === 'usage') actions.push(usage.action);
    });
    return actions;
  };
  let cycle = previousCycle(settings.anchorDay, current);
  let actions = collect(cycle, cycle.end);
  if (actions.length === 0) {
    cycle = current;
    actions = collect(current, now + 1);
  }
  const before: WhatIfSide['byKind'] = {};
  const after: WhatIfSide['byKind'] = {};
  let totalBefore = 0;
  let totalAfter = 0;
  // Both sides are priced at settings, not as recorded: "current" is today's settings, so choosing
  // a control's current value and leaving it alone are one state with one answer (no change).
  const today: WhatIfSettings = {
    autoDraftAll: settings.autoDraftAll,
    labelCount: settings.labelCount,
    chatbotModel: settings.chatbotModel,
  };
  const then: WhatIfSettings = { ...today, ...definedOnly(proposal) };
  for (const action of actions) {
    const a = priceAction(reshape(action, today), card).millicredits;
    const b = priceAction(reshape(action, then), card).millicredits;
    before[action.kind] = (before[action.kind] ?? 0) + a;
    after[action.kind] = (after[action.kind] ?? 0) + b;
    totalBefore += a;
    totalAfter += b;
  }
  const monthlyNow = findTier(card, settings.tierId).monthlyMillicredits;
  const monthlyThen = findTier(card, proposal.tierId ?? settings.tierId).monthlyMillicredits;
  return {
    cycle: { start: cycle.start, end: cycle.end },
    actions: actions.length,
    current: side(before, totalBefore, monthlyNow, cycle),
    proposed: side(after, totalAfter, monthlyThen, cycle),
    difference: totalAfter - totalBefore,
  };
}
