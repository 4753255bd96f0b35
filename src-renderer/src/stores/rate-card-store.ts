import { api } from '../api/bridge';
import { createResource } from './resource';

/** The rate card in force: tiers, bundles and chatbot models for pickers and price lists. */
export const useRateCardStore = createResource(() => api.getRateCard({}));
