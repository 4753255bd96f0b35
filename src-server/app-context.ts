import type { Limits } from './options';
import type { TeamDatabase } from './store/types';
import type { StreamHub } from './stream-hub';

/** What every route gets from the server; its own file so routes need not import the app that registers them. */
export interface AppContext {
  store: TeamDatabase;
  limits: Limits;
  hub: StreamHub;
  machineId: string;
  /** TEST ONLY (see StartServerOptions). */
  unsafeLateAuth?: boolean;
}
