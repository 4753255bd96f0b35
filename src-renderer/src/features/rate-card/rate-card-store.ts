import { api } from '../../api/current';
import { createResource } from '../../stores/resource';
import { refreshOn } from '../../stores/live-events';

/** The rate card in force: tiers, bundles and chatbot models for pickers and price lists. */
export const useRateCardStore = createResource(() => api().getRateCard({}));
refreshOn(['settingsChanged'], useRateCardStore);
