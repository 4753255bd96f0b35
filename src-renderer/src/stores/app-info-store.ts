import { api } from '../api/current';
import { createResource } from './resource';
import { refreshOn } from './live-events';

/** Version, mode, data folder, machine id and where the sync token is kept. */
export const useAppInfoStore = createResource(() => api().getAppInfo({}));
refreshOn(['settingsChanged'], useAppInfoStore);
