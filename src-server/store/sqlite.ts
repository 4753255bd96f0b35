import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { SyncedCollectionName } from '../../src-shared/db/collections';
import { NoticeBus } from './notices';
import { applyDecisions } from './apply-decisions';
import { TEAM_COLUMNS, TOKEN_COLUMNS, toTeam, toToken, type TeamRow, type TokenRow } from './records';
import {
  type Decide,
  type PreparedRow,
  type TeamDatabase,
  type TeamPosition,
  type StoredRow,
  type TeamRecord,
  type TokenRecord,
  type WriteOptions,
  type WriteResult,
} from './types';

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
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

/** Columns added after the first release, added to older files at open. */
const ADDED_COLUMNS: [table: string, column: string, definition: string][] = [
  ['tokens', 'scope', "TEXT NOT NULL DEFAULT 'admin'"],
  ['tokens', 'last_used_at', 'INTEGER'],
  // Sum of |amount| over the team's ledger; NULL until first computed (teams stored before it existed).
  ['teams', 'magnitude', 'INTEGER'],
  ['teams', 'max_entry', 'INTEGER'],
];

/**
 * The embedded store: one file, WAL with synchronous=FULL so a commit survives a killed process,
 * and a single writer connection. Each write is one IMMEDIATE transaction that takes the team's
 * next seq numbers from its counter row, so checkpoint order is commit order by construction.
 */
export class SqliteTeamDatabase implements TeamDatabase {
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
    for (const [table, column, definition] of ADDED_COLUMNS) {
      const columns = this.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
      if (!columns.some((c) => c.name === column))
        this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
    }
    // A store created now starts a history of its own (an existing one keeps its epoch).
    this.db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('epoch', ?)").run(randomUUID());
  }

  async createTeam(team: TeamRecord): Promise<void> {
    this.db
      .prepare('INSERT INTO teams (id, name, created_at) VALUES (?, ?, ?)')
      .run(team.id, team.name, team.createdAt);
  }

  async listTeams(): Promise<TeamRecord[]> {
    const rows = this.db
      .prepare(`SELECT ${TEAM_COLUMNS} FROM teams ORDER BY created_at, id`)
      .all() as TeamRow[];
    return rows.map(toTeam);
  }

  async setTeamLimit(teamId: string, maxEntryMillicredits: number | null): Promise<boolean> {
    const result = this.db
      .prepare('UPDATE teams SET max_entry = ? WHERE id = ?')
      .run(maxEntryMillicredits, teamId);
    return result.changes > 0;
  }

  async teamLimit(teamId: string): Promise<number | null> {
    const row = this.db.prepare('SELECT max_entry FROM teams WHERE id = ?').get(teamId) as
      { max_entry: number | null } | undefined;
    return row?.max_entry ?? null;
  }

  async addToken(token: TokenRecord & { hash: string }): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO tokens (id, team_id, hash, label, scope, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(token.id, token.teamId, token.hash, token.label, token.scope, token.createdAt, token.revokedAt);
  }

  async revokeToken(tokenId: string, at: number): Promise<boolean> {
    const result = this.db
      .prepare('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(at, tokenId);
    return result.changes > 0;
  }

  async listTokens(teamId?: string): Promise<TokenRecord[]> {
    const sql = `SELECT ${TOKEN_COLUMNS} FROM tokens`;
    const rows = (
      teamId
        ? this.db.prepare(`${sql} WHERE team_id = ? ORDER BY created_at, id`).all(teamId)
        : this.db.prepare(`${sql} ORDER BY created_at, id`).all()
    ) as TokenRow[];
    return rows.map(toToken);
  }

  async findTokenByHash(hash: string): Promise<TokenRecord | null> {
    const row = this.db.prepare(`SELECT ${TOKEN_COLUMNS} FROM tokens WHERE hash = ?`).get(hash) as
      TokenRow | undefined;
    return row ? toToken(row) : null;
  }

  async touchToken(tokenId: string, at: number): Promise<void> {
    this.db.prepare('UPDATE tokens SET last_used_at = ? WHERE id = ?').run(at, tokenId);
  }

  async find(teamId: string, collection: SyncedCollectionName, ids: string[]): Promise<Map<string, string>> {
    const get = this.db.prepare('SELECT body FROM documents WHERE team_id = ? AND collection = ? AND id = ?');
    const found = new Map<string, string>();
    for (const id of ids) {
      const row = get.get(teamId, collection, id) as { body: string } | undefined;
      if (row) found.set(id, row.body);
    }
    return found;
  }

  async findPrefix(
    teamId: string,
    collection: SyncedCollectionName,
    prefix: string,
  ): Promise<Map<string, string>> {
    // SQLite compares text bytewise, so the id range [prefix, prefix + U+FFFF) uses the primary key.
    const rows = this.db
      .prepare(
        'SELECT id, body FROM documents WHERE team_id = ? AND collection = ? AND id >= ? AND id < ? AND substr(id, 1, length(?)) = ?',
      )
      .all(teamId, collection, prefix, `${prefix}\uffff`, prefix, prefix) as { id: string; body: string }[];
    return new Map(rows.map((r) => [r.id, r.body]));
  }

  async write(
    teamId: string,
    collection: SyncedCollectionName,
    rows: PreparedRow[],
    decide: Decide,
    options: WriteOptions = {},
  ): Promise<WriteResult> {
    const getHead = this.db.prepare('SELECT head, magnitude FROM teams WHERE id = ?');
    const sumMagnitude = this.db.prepare(
      `SELECT coalesce(sum(abs(CAST(json_extract(body, '$.amount') AS INTEGER))), 0) AS total
       FROM documents WHERE team_id = ? AND collection = 'ledger'`,
    );
    const setMagnitude = this.db.prepare('UPDATE teams SET magnitude = ? WHERE id = ?');
    const getBody = this.db.prepare(
      'SELECT body FROM documents WHERE team_id = ? AND collection = ? AND id = ?',
    );
    const upsert = this.db.prepare(
      `INSERT INTO documents (team_id, collection, id, seq, body) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (team_id, collection, id) DO UPDATE SET seq = excluded.seq, body = excluded.body`,
    );
    const setHead = this.db.prepare('UPDATE teams SET head = ? WHERE id = ?');
    const run = this.db.transaction((): WriteResult => {
      const team = getHead.get(teamId) as { head: number; magnitude: number | null } | undefined;
      if (!team) throw new Error(`team ${teamId} does not exist`);
      let head = team.head;
      const magnitudeOf = options.magnitudeOf;
      const { result, magnitude } = applyDecisions({
        rows,
        decide,
        // Read per row, so a row sees what an earlier row of the same write stored.
        masterOf: (id) => (getBody.get(teamId, collection, id) as { body: string } | undefined)?.body,
        magnitudeOf,
        magnitude: magnitudeOf
          ? (team.magnitude ?? (sumMagnitude.get(teamId) as { total: number }).total)
          : 0,
        write: (row) => upsert.run(teamId, collection, row.id, ++head, row.body),
      });
      if (head !== team.head) setHead.run(head, teamId);
      if (magnitudeOf && magnitude !== team.magnitude) setMagnitude.run(magnitude, teamId);
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

  async position(teamId: string): Promise<TeamPosition> {
    const row = this.db
      .prepare(
        "SELECT (SELECT head FROM teams WHERE id = ?) AS head, value AS epoch FROM meta WHERE key = 'epoch'",
      )
      .get(teamId) as { head: number | null; epoch: string };
    return { head: row.head ?? 0, epoch: row.epoch };
  }

  async renewEpoch(): Promise<string> {
    const epoch = randomUUID();
    this.db.prepare("UPDATE meta SET value = ? WHERE key = 'epoch'").run(epoch);
    return epoch;
  }

  onChange(listener: Parameters<TeamDatabase['onChange']>[0]): () => void {
    return this.bus.on(listener);
  }

  /**
   * The embedded store serves one endpoint process (several instances share a PostgreSQL database
   * instead), so the caller's per-team queue is the whole guard; two processes on one folder would
   * still race two refunds (docs/decisions.md).
   */
  withLedgerLock<T>(_teamId: string, work: () => Promise<T>): Promise<T> {
    return work();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  async countBetween(
    teamId: string,
    collection: SyncedCollectionName,
    afterSeq: number,
    upToSeq: number,
  ): Promise<number> {
    const row = this.db
      .prepare(
        'SELECT count(*) AS n FROM documents WHERE team_id = ? AND collection = ? AND seq > ? AND seq <= ?',
      )
      .get(teamId, collection, afterSeq, upToSeq) as { n: number };
    return row.n;
  }
}
