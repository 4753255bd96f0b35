import { api } from '../../api/bridge';
import { createResource } from '../../stores/resource';

/** Balance by bucket, cycle, runway, alerts and the out-of-credits state for the Overview page. */
export const useOverviewStore = createResource(() => api.getOverview({}));
