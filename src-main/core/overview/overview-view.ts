import { authorize, TRY_AGAIN_LATER_MESSAGE, type Balance } from '../../../src-shared/ledger';
import { completeAction } from '../../../src-shared/api/usage-request';
import { findTier } from '../../../src-shared/pricing';
import type { OverviewView } from '../../../src-shared/api/views';
import type { LedgerService } from '../ledger/ledger-service';
import type { SettingsService } from '../settings/settings-service';
import type { AlertService } from '../alerts/alert-service';
import { toBalanceView } from '../ledger/balance-view';

export interface OverviewDeps {
  ledger: LedgerService;
  settings: SettingsService;
  alerts: AlertService;
  now: () => number;
}

export async function overview(deps: OverviewDeps): Promise<OverviewView> {
  const settings = await deps.settings.get();
  const card = await deps.settings.card();
  const now = deps.now();
  const balance: Balance = await deps.ledger.balance(now);
  // The plan timeline's cycle: a transition cycle after an anchor change, the upgraded allowance.
  const cycle = (await deps.settings.timeline()).cycleAt(now);
  const tier = findTier(card, [cycle.tierId, ...cycle.raises.map((r) => r.tierId)].at(-1)!);
  // "Out of credits" is what the chatbot would say for its next message.
  const probe = authorize(completeAction({ kind: 'chatbot_message' }, settings), balance, card);
  return {
    balance: toBalanceView(balance),
    cycle: {
      start: cycle.start,
      end: cycle.end,
      tierId: tier.id,
      tierName: tier.name,
      monthlyMillicredits: cycle.allowance,
    },
    forecast: await deps.ledger.forecast(balance, {
      anchorDay: settings.anchorDay,
      monthlyMillicredits: tier.monthlyMillicredits,
    }),
    alerts: await deps.alerts.forCycle(cycle.start),
    outOfCredits: !probe.allowed,
    outOfCreditsMessage: probe.allowed ? null : TRY_AGAIN_LATER_MESSAGE,
    ledgerEntries: deps.ledger.size,
  };
}
