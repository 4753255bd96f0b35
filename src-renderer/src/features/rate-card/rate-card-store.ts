import { api } from '../../api/bridge';
import { createResource } from '../../stores/resource';

/** The rate card in force: tiers, bundles and chatbot models for pickers and price lists. */
export const useRateCardStore = createResource(() => api.getRateCard({}));
