/** The replication endpoint's public entry: what the desktop app and the tests may import. */
export { startServer, type ServerHandle, type ServerAdmin } from './server';
export { DEFAULT_LIMITS, DEFAULT_PORT, type Limits, type StartServerOptions } from './options';
export { openStore } from './store/open';
export { SqliteStore } from './store/sqlite';
export { PostgresStore, type PostgresStoreOptions } from './store/postgres';
export type { Store, TeamRecord, TokenRecord } from './store/types';
export { createTeam, createToken, revokeToken, hashToken, tokenIdOf } from './tokens';
