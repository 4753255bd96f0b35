import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { SyncedCollectionName } from '../../src-shared/db/collections';
import { NoticeBus } from './notices';
import type { Decide, PreparedRow, Store, StoredRow, TeamRecord, TokenRecord, WriteResult } from './types';

export const SQLITE_FILE = 'creditdesk-server.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS teams (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  head INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS tokens (
  id TEXT PRIMARY KEY,
  team_id TEXT NOT NULL REFERENCES teams(id),
  hash TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE TABLE IF NOT EXISTS documents (
  team_id TEXT NOT NULL,
  collection TEXT NOT NULL,
  id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (team_id, collection, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS documents_by_seq ON documents (team_id, collection, seq);
`;

interface TokenRow {
  id: string;
  team_id: string;
  label: string;
  created_at: number;
  revoked_at: number | null;
}
const toToken = (r: TokenRow): TokenRecord => ({
  id: r.id,
  teamId: r.team_id,
  label: r.label,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

/**
 * The embedded store: one file, WAL with synchronous=FULL so a commit survives a killed process,
 * and a single writer connection. Each write is one IMMEDIATE transaction that takes the team's
 * next seq numbers from its counter row, so checkpoint order is commit order by construction.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly bus = new NoticeBus();

  constructor(readonly directory: string) {
    // The team's ledger: private to the user running the endpoint (the -wal gets the file's mode).
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const file = join(directory, SQLITE_FILE);
    if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    // The CLI may add a token while the server runs; wait for the lock instead of failing.
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
  }

  async createTeam(team: TeamRecord): Promise<void> {
    this.db
      .prepare('INSERT INTO teams (id, name, created_at) VALUES (?, ?, ?)')
      .run(team.id, team.name, team.createdAt);
  }

  async listTeams(): Promise<TeamRecord[]> {
    const rows = this.db.prepare('SELECT id, name, created_at FROM teams ORDER BY created_at, id').all() as {
      id: string;
      name: string;
      created_at: number;
    }[];
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
  }

  async addToken(token: TokenRecord & { hash: string }): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO tokens (id, team_id, hash, label, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(token.id, token.teamId, token.hash, token.label, token.createdAt, token.revokedAt);
  }

  async revokeToken(tokenId: string, at: number): Promise<boolean> {
    const result = this.db
      .prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(at, tokenId);
    return result.changes > 0;
  }

  async listTokens(teamId?: string): Promise<TokenRecord[]> {
    const sql = 'SELECT id, team_id, label, created_at, revoked_at FROM tokens';
    const rows = (
      teamId
        ? this.db.prepare(`${sql} WHERE team_id = ? ORDER BY created_at, id`).all(teamId)
        : this.db.prepare(`${sql} ORDER BY created_at, id`).all()
    ) as TokenRow[];
    return rows.map(toToken);
  }

  async findTokenByHash(hash: string): Promise<TokenRecord | null> {
    const row = this.db
      .prepare('SELECT id, team_id, label, created_at, revoked_at FROM tokens WHERE hash = ?')
      .get(hash) as TokenRow | undefined;
    return row ? toToken(row) : null;
  }

  async write(
    teamId: string,
    collection: SyncedCollectionName,
    rows: PreparedRow[],
    decide: Decide,
  ): Promise<WriteResult> {
    const getHead = this.db.prepare('SELECT head FROM teams WHERE id = ?');
    const getBody = this.db.prepare(
      'SELECT body FROM documents WHERE team_id = ? AND collection = ? AND id = ?',
    );
    const upsert = this.db.prepare(
      `INSERT INTO documents (team_id, collection, id, seq, body) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (team_id, collection, id) DO UPDATE SET seq = excluded.seq, body = excluded.body`,
    );
    const setHead = this.db.prepare('UPDATE teams SET head = ? WHERE id = ?');
    const run = this.db.transaction((): WriteResult => {
      const team = getHead.get(teamId) as { head: number } | undefined;
      if (!team) throw new Error(`team ${teamId} does not exist`);
      let head = team.head;
      const result: WriteResult = { conflicts: [], written: [] };
      for (const row of rows) {
        const master = getBody.get(teamId, collection, row.id) as { body: string } | undefined;
        const decision = decide(master?.body, row);
        if (decision === 'conflict') result.conflicts.push(master!.body);
        else if (decision === 'write') {
          upsert.run(teamId, collection, row.id, ++head, row.body);
          result.written.push(row.id);
        }
      }
      if (head !== team.head) setHead.run(head, teamId);
      return result;
    });
    const result = run.immediate();
    if (result.written.length > 0) this.bus.emit({ teamId, collections: [collection] });
    return result;
  }

  async pull(
    teamId: string,
    collection: SyncedCollectionName,
    afterSeq: number,
    limit: number,
  ): Promise<StoredRow[]> {
    return this.db
      .prepare(
        'SELECT seq, body FROM documents WHERE team_id = ? AND collection = ? AND seq > ? ORDER BY seq LIMIT ?',
      )
      .all(teamId, collection, afterSeq, limit) as StoredRow[];
  }

  async head(teamId: string): Promise<number> {
    const row = this.db.prepare('SELECT head FROM teams WHERE id = ?').get(teamId) as
      { head: number } | undefined;
    return row?.head ?? 0;
  }

  onChange(listener: Parameters<Store['onChange']>[0]): () => void {
    return this.bus.on(listener);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
