import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { DEFAULT_LIMITS, DEFAULT_PORT, type Limits, type StartServerOptions } from './options';
import { openTeamDatabase } from './store/open';
import type { TeamDatabase, TeamRecord, TokenRecord } from './store/types';
import { StreamHub } from './stream-hub';
import type { Scope } from '../src-shared/ledger/entry-rules';
import { createTeam, createToken, revokeToken, tokenIdOf } from './tokens';

export interface ServerAdmin {
  createTeam(name: string): Promise<TeamRecord>;
  /** The token is returned once; only its hash is kept. */
  createToken(teamId: string, label?: string, scope?: Scope): Promise<{ token: string; record: TokenRecord }>;
  /** Revokes by token id or full token and ends that token's open streams on this instance at once. */
  revokeToken(idOrToken: string): Promise<boolean>;
  listTeams(): Promise<TeamRecord[]>;
  listTokens(teamId?: string): Promise<TokenRecord[]>;
}

export interface ServerHandle {
  /** Base URL clients sync with, e.g. http://127.0.0.1:8787 */
  url: string;
  port: number;
  store: TeamDatabase;
  app: FastifyInstance;
  admin: ServerAdmin;
  close(): Promise<void>;
}

/**
 * Starts the replication endpoint: from `npm run server`, or in-process from the desktop app's
 * settings page (embedded mode).
 */
export async function startServer(options: StartServerOptions = {}): Promise<ServerHandle> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const ownsStore = !options.store;
  const store = options.store ?? (await openTeamDatabase(options));
  const hub = new StreamHub();
  let app: FastifyInstance;
  try {
    app = await buildApp(
      {
        store,
        limits,
        hub,
        machineId: options.machineId ?? `endpoint:${hostname()}`.slice(0, 64),
        unsafeLateAuth: options.unsafeLateAuth,
      },
      options.logger ?? false,
    );
    await app.listen({ port: options.port ?? DEFAULT_PORT, host: options.host ?? '127.0.0.1' });
  } catch (error) {
    if (ownsStore) await store.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? DEFAULT_PORT);
  const host =
    options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const admin: ServerAdmin = {
    createTeam: (name) => createTeam(store, name),
    createToken: (teamId, label, scope) => createToken(store, teamId, label, scope),
    revokeToken: async (idOrToken) => {
      const revoked = await revokeToken(store, idOrToken);
      const id = tokenIdOf(idOrToken);
      if (revoked) hub.endToken(id, 401, 'the bearer token has been revoked');
      return revoked;
    },
    listTeams: () => store.listTeams(),
    listTokens: (teamId) => store.listTokens(teamId),
  };

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    store,
    app,
    admin,
    close: () =>
      (closing ??= (async () => {
        await app.close();
        if (ownsStore) await store.close();
      })()),
  };
}
