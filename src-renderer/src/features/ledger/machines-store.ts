import { api } from '../../api/current';
import { createResource } from '../../stores/resource';
import { refreshOn } from '../../stores/live-events';

/** Machines that wrote ledger entries, for the ledger's machine filter. */
export const useMachinesStore = createResource(() => api().listMachines({}));
// A rename (here or synced) arrives in the settings document.
refreshOn(['ledgerChanged', 'settingsChanged'], useMachinesStore);
