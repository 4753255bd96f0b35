import type { TeamDatabase } from './store/types';
import { DEFAULT_MAX_ENTRY_MILLICREDITS } from '../src-shared/ledger/entry-rules';

export interface Limits {
  /** Largest request body accepted, in bytes (413 above). */
  bodyBytes: number;
  /** Most rows in one push (413 above). */
  pushRows: number;
  /** Largest `limit` a pull may ask for (400 above) and the default when it asks for none. */
  pullLimitMax: number;
  pullLimitDefault: number;
  /** Requests per minute per token (429 above); stream opens count apart. */
  requestsPerMinute: number;
  /** Stream opens (and reconnects) per minute per token (429 above). */
  streamOpensPerMinute: number;
  /** Requests without a valid token per minute per client address (429 above, before any token check). */
  failedAuthPerMinute: number;
  /** Most millicredits one pushed manual grant, bundle, referral award or adjustment may move. */
  maxEntryMillicredits: number;
  /** Open change streams per token (429 above). */
  streamsPerToken: number;
  /** Events per POST /v1/usage (413 above). */
  usageEvents: number;
  /** A comment line on every idle stream this often, so dead connections are noticed at both ends. */
  streamHeartbeatMs: number;
  /** How often an open stream re-checks its token, so a revocation by the CLI also ends streams. */
  streamAuthRecheckMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  bodyBytes: 8 * 1024 * 1024,
  pushRows: 1000,
  pullLimitMax: 5000,
  pullLimitDefault: 500,
  requestsPerMinute: 1200,
  streamOpensPerMinute: 120,
  failedAuthPerMinute: 60,
  maxEntryMillicredits: DEFAULT_MAX_ENTRY_MILLICREDITS,
  streamsPerToken: 20,
  usageEvents: 1000,
  streamHeartbeatMs: 15_000,
  streamAuthRecheckMs: 5_000,
};

export const DEFAULT_PORT = 8787;
export const DEFAULT_DATA_DIR = 'creditdesk-server-data';

export interface StartServerOptions {
  /** 0 picks a free port. Default 8787. */
  port?: number;
  /** Default 127.0.0.1; use 0.0.0.0 to serve the team over the network. */
  host?: string;
  /** Folder of the embedded SQLite store (default ./creditdesk-server-data). Ignored with databaseUrl. */
  data?: string;
  /** postgres://… switches to the PostgreSQL store. */
  databaseUrl?: string;
  /** An already opened store; the caller keeps ownership and closes it. */
  store?: TeamDatabase;
  limits?: Partial<Limits>;
  /** Fastify's logger; off by default so embedding in the desktop app stays quiet. */
  logger?: boolean;
  /** Identifies the machine in the provenance of entries the endpoint itself records (metering). */
  machineId?: string;
  /** TEST ONLY: authenticate after parsing the body (the old order), to measure what it cost. */
  unsafeLateAuth?: boolean;
}
