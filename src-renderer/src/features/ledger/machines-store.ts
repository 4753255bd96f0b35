import { api } from '../../api/bridge';
import { createResource } from '../../stores/resource';

/** Machines that wrote ledger entries, for the ledger's machine filter. */
export const useMachinesStore = createResource(() => api.listMachines({}));
