import { api } from '../api/bridge';
import { createResource } from './resource';

/** Machines that wrote ledger entries, for the ledger's machine filter. */
export const useMachinesStore = createResource(() => api.listMachines({}));
