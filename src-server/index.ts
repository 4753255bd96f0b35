/** The replication endpoint's public entry: what the desktop app and the tests may import. */
export { startServer, type ServerHandle, type ServerAdmin } from './server';
export { DEFAULT_LIMITS, DEFAULT_PORT, type Limits, type StartServerOptions } from './options';
export { openTeamDatabase } from './store/open';
export { SqliteTeamDatabase } from './store/sqlite';
export { PostgresTeamDatabase, type PostgresTeamDatabaseOptions } from './store/postgres';
export type { TeamDatabase, TeamRecord, TokenRecord } from './store/types';
export { createTeam, createToken, revokeToken, hashToken, tokenIdOf } from './tokens';
