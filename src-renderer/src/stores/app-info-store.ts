import { api } from '../api/bridge';
import { createResource } from './resource';

/** Version, mode, data folder, machine id and where the sync token is kept. */
export const useAppInfoStore = createResource(() => api.getAppInfo({}));
