import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startServer,
  createTeam,
  createToken,
  PostgresTeamDatabase,
  SqliteTeamDatabase,
  type Limits,
  type ServerHandle,
  type TeamDatabase,
} from '../../../src-server';
import type { TestPostgres } from './postgres';
import type { Scope } from '../../../src-shared/ledger/entry-rules';

export type StoreKind = 'sqlite' | 'postgres';

export interface TestEndpoint {
  server: ServerHandle;
  store: TeamDatabase;
  url: string;
  /** A new team with one token (admin unless told otherwise), labelled "test". */
  team(scope?: Scope): Promise<TestTeam>;
  /** Another token of a team. */
  token(teamId: string, scope: Scope, label?: string): Promise<TestTeam>;
  close(): Promise<void>;
}

export interface TestTeam {
  teamId: string;
  token: string;
  tokenId: string;
  api: Api;
}

export interface Api {
  get(
    path: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: unknown; text: string }>;
  post(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: unknown; text: string }>;
}

export function api(url: string, token: string | null): Api {
  const send = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
    };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const response = await fetch(`${url}${path}`, init);
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed, text };
  };
  return {
    get: (path, headers) => send('GET', path, undefined, headers),
    post: (path, body, headers) => send('POST', path, body, headers),
  };
}

/** The endpoint in-process on a fresh SQLite folder or a fresh PostgreSQL database. */
export async function startTestEndpoint(
  kind: StoreKind,
  pg: TestPostgres | null,
  limits: Partial<Limits> = {},
  options: { unsafeLateAuth?: boolean } = {},
): Promise<TestEndpoint> {
  let dir: string | null = null;
  let store: TeamDatabase;
  if (kind === 'postgres') {
    store = await PostgresTeamDatabase.open({ connectionString: await pg!.createDatabase(), poolSize: 5 });
  } else {
    dir = mkdtempSync(join(tmpdir(), 'creditdesk-test-'));
    store = new SqliteTeamDatabase(dir);
  }
  const server = await startServer({
    port: 0,
    store,
    limits: { requestsPerMinute: 1_000_000, failedAuthPerMinute: 1_000_000, ...limits },
    ...options,
  });
  const tokenFor = async (teamId: string, scope: Scope, label = 'test'): Promise<TestTeam> => {
    const { token, record } = await createToken(store, teamId, label, scope);
    return { teamId, token, tokenId: record.id, api: api(server.url, token) };
  };
  return {
    server,
    store,
    url: server.url,
    async team(scope = 'admin') {
      const team = await createTeam(store, 'test team');
      return tokenFor(team.id, scope);
    },
    token: tokenFor,
    async close() {
      await server.close();
      await store.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
