import { findTier } from '../../../src-shared/pricing';
import { ApiError } from '../../../src-shared/api/errors';
import type { AnalyticsMethods } from '../../../src-shared/api/analytics';
import type { HandlerTable } from '../api/dispatcher';
import type { LedgerService } from '../ledger/ledger-service';
import type { SettingsService } from '../settings/settings-service';
import { analyticsView } from './analytics-view';
import { whatIf } from './what-if';

export interface AnalyticsHandlerDeps {
  ledger: Pick<LedgerService, 'fullSource'>;
  settings: Pick<SettingsService, 'get' | 'card'>;
  now: () => number;
}

export function analyticsHandlers(deps: AnalyticsHandlerDeps): HandlerTable<keyof AnalyticsMethods> {
  const { ledger, settings } = deps;
  return {
    getAnalytics: async ({ from, to }) =>
      analyticsView(await ledger.fullSource(), (await settings.get()).anchorDay, { from, to }),
    whatIf: async ({ settings: proposal }) => {
      const [current, card] = await Promise.all([settings.get(), settings.card()]);
      if (proposal.tierId) findTier(card, proposal.tierId);
      if (proposal.chatbotModel && !card.actions.chatbot_message.models[proposal.chatbotModel]) {
        throw new ApiError(
          'bad_request',
          `Chatbot model "${proposal.chatbotModel}" has no price on rate card ${card.version}.`,
        );
      }
      return whatIf(await ledger.fullSource(), current, card, proposal, deps.now());
    },
  };
}
