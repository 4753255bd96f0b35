import pg from 'pg';
import type { SyncedCollectionName } from '../../src-shared/db/collections';
import { decodeNotice, encodeNotice, NoticeBus } from './notices';
import { withRetry, type RetryOptions } from './transient';
import { applyDecisions } from './apply-decisions';
import { TEAM_COLUMNS, TOKEN_COLUMNS, toTeam, toToken, type TeamRow, type TokenRow } from './records';
import {
  ALL_TEAMS,
  type WriteOptions,
  type Decide,
  type PreparedRow,
  type TeamDatabase,
  type TeamPosition,
  type StoredRow,
  type TeamRecord,
  type TokenRecord,
  type WriteResult,
} from './types';

export const NOTIFY_CHANNEL = 'creditdesk_changes';

// Serialises schema creation when several instances start against an empty database at once.
const MIGRATION_LOCK = 7_301_985_224;
/** First key of the two-key advisory locks that serialise one team's ledger work across processes. */
const LEDGER_LOCK_CLASS = 730_198;
const SCHEMA = `
CREATE TABLE IF NOT EXISTS cd_teams (
  id text PRIMARY KEY,
  name text NOT NULL,
  created_at bigint NOT NULL,
  head bigint NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS cd_tokens (
  id text PRIMARY KEY,
  team_id text NOT NULL REFERENCES cd_teams(id),
  hash text NOT NULL UNIQUE,
  label text NOT NULL,
  created_at bigint NOT NULL,
  revoked_at bigint
);
CREATE TABLE IF NOT EXISTS cd_documents (
  team_id text NOT NULL,
  collection text NOT NULL,
  id text NOT NULL,
  seq bigint NOT NULL,
  body text NOT NULL,
  PRIMARY KEY (team_id, collection, id)
);
CREATE INDEX IF NOT EXISTS cd_documents_by_seq ON cd_documents (team_id, collection, seq);
CREATE SEQUENCE IF NOT EXISTS cd_naive_seq;
ALTER TABLE cd_tokens ADD COLUMN IF NOT EXISTS scope text NOT NULL DEFAULT 'admin';
ALTER TABLE cd_tokens ADD COLUMN IF NOT EXISTS last_used_at bigint;
-- Sum of |amount| over the team's ledger; NULL until first computed (teams stored before it existed).
ALTER TABLE cd_teams ADD COLUMN IF NOT EXISTS magnitude bigint;
ALTER TABLE cd_teams ADD COLUMN IF NOT EXISTS max_entry bigint;
CREATE TABLE IF NOT EXISTS cd_meta (
  key text PRIMARY KEY,
  value text NOT NULL
);
INSERT INTO cd_meta (key, value) VALUES ('epoch', gen_random_uuid()::text) ON CONFLICT (key) DO NOTHING;
`;

export interface PostgresTeamDatabaseOptions {
  connectionString: string;
  poolSize?: number;
  retry?: RetryOptions;
  /**
   * TEST ONLY. Takes seq numbers from a plain sequence without the team's counter lock: the naive
   * scheme whose late commits open checkpoint holes. Exists so the hole hunter can show it failing.
   */
  unsafeNaiveSequence?: boolean;
  /** TEST ONLY. Runs between assigning seq numbers and COMMIT, to widen the window for late commits. */
  beforeCommit?: () => Promise<void>;
}

/**
 * PostgreSQL store for several stateless endpoint instances. Gap safety: a write locks its team's
 * counter row (SELECT … FOR UPDATE) before taking seq numbers and holds it until COMMIT, so a
 * team's commits are serialised and a reader that sees seq n sees every seq below it.
 * Changes fan out to every instance with NOTIFY, which PostgreSQL delivers only on commit.
 */
export class PostgresTeamDatabase implements TeamDatabase {
  readonly kind = 'postgres';
  private readonly pool: pg.Pool;
  /**
   * Connections that hold ledger locks (session advisory locks, released on unlock or when the
   * connection ends). Apart from the pool the work itself uses, so lock holders waiting for the work's
   * queries can never take every connection.
   */
  private readonly lockPool: pg.Pool;
  private readonly bus = new NoticeBus();
  private listener: pg.Client | null = null;
  private closed = false;
  private readonly retry: RetryOptions;

  private constructor(private readonly options: PostgresTeamDatabaseOptions) {
    this.pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
    // An idle client dying (server restart) must not crash the endpoint; the next query reconnects.
    this.pool.on('error', () => {});
    this.lockPool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
    this.lockPool.on('error', () => {});
    this.retry = options.retry ?? { attempts: 6, baseDelayMs: 100 };
  }

  static async open(options: PostgresTeamDatabaseOptions): Promise<PostgresTeamDatabase> {
    const store = new PostgresTeamDatabase(options);
    try {
      await withRetry(() => store.migrate(), store.retry);
      await store.listen();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    const onError = () => {};
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query(SCHEMA);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.off('error', onError);
      client.release(true);
    }
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.connectionString });
    let dead = false;
    const onDead = () => {
      if (dead) return;
      dead = true;
      if (this.listener === client) this.listener = null;
      client.end().catch(() => {});
      if (this.closed) return;
      setTimeout(() => {
        this.listen()
          // Notices may have been lost while disconnected: every stream re-reads from its cursor.
          .then(() => this.bus.emit({ teamId: ALL_TEAMS, collections: [] }))
          // A failed attempt has already scheduled the next one through its own onDead.
          .catch(() => {});
      }, 250).unref();
    };
    client.on('error', onDead);
    client.on('end', onDead);
    client.on('notification', (message) => {
      const notice = message.payload ? decodeNotice(message.payload) : null;
      if (notice) this.bus.emit(notice);
    });
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    } catch (error) {
      onDead();
      throw error;
    }
  }

  private query<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<pg.QueryResult<R>> {
    return withRetry(() => this.pool.query<R>(sql, params), this.retry);
  }

  async createTeam(team: TeamRecord): Promise<void> {
    await this.query('INSERT INTO cd_teams (id, name, created_at) VALUES ($1, $2, $3)', [
      team.id,
      team.name,
      team.createdAt,
    ]);
  }

  async listTeams(): Promise<TeamRecord[]> {
    const { rows } = await this.query<TeamRow>(
      `SELECT ${TEAM_COLUMNS} FROM cd_teams ORDER BY created_at, id`,
      [],
    );
    return rows.map(toTeam);
  }

  async setTeamLimit(teamId: string, maxEntryMillicredits: number | null): Promise<boolean> {
    const result = await this.query('UPDATE cd_teams SET max_entry = $1 WHERE id = $2', [
      maxEntryMillicredits,
      teamId,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async teamLimit(teamId: string): Promise<number | null> {
    const { rows } = await this.query<{ max_entry: string | null }>(
      'SELECT max_entry FROM cd_teams WHERE id = $1',
      [teamId],
    );
    const value = rows[0]?.max_entry;
    return value === null || value === undefined ? null : Number(value);
  }

  async addToken(token: TokenRecord & { hash: string }): Promise<void> {
    await this.query(
      'INSERT INTO cd_tokens (id, team_id, hash, label, scope, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [token.id, token.teamId, token.hash, token.label, token.scope, token.createdAt, token.revokedAt],
    );
  }

  async revokeToken(tokenId: string, at: number): Promise<boolean> {
    const result = await this.query(
      'UPDATE cd_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL',
      [at, tokenId],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async listTokens(teamId?: string): Promise<TokenRecord[]> {
    const sql = `SELECT ${TOKEN_COLUMNS} FROM cd_tokens`;
    const { rows } = teamId
      ? await this.query<TokenRow>(`${sql} WHERE team_id = $1 ORDER BY created_at, id`, [teamId])
      : await this.query<TokenRow>(`${sql} ORDER BY created_at, id`, []);
    return rows.map(toToken);
  }

  async findTokenByHash(hash: string): Promise<TokenRecord | null> {
    const { rows } = await this.query<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM cd_tokens WHERE hash = $1`, [
      hash,
    ]);
    return rows[0] ? toToken(rows[0]) : null;
  }

  async touchToken(tokenId: string, at: number): Promise<void> {
    await this.query('UPDATE cd_tokens SET last_used_at = $1 WHERE id = $2', [at, tokenId]);
  }

  async find(teamId: string, collection: SyncedCollectionName, ids: string[]): Promise<Map<string, string>> {
    const { rows } = await this.query<{ id: string; body: string }>(
      'SELECT id, body FROM cd_documents WHERE team_id = $1 AND collection = $2 AND id = ANY($3::text[])',
      [teamId, collection, ids],
    );
    return new Map(rows.map((r) => [r.id, r.body]));
  }

  async findPrefix(
    teamId: string,
    collection: SyncedCollectionName,
    prefix: string,
  ): Promise<Map<string, string>> {
    // starts_with, not LIKE or a range: ids may hold % or _, and a locale collation breaks ranges.
    const { rows } = await this.query<{ id: string; body: string }>(
      'SELECT id, body FROM cd_documents WHERE team_id = $1 AND collection = $2 AND starts_with(id, $3)',
      [teamId, collection, prefix],
    );
    return new Map(rows.map((r) => [r.id, r.body]));
  }

  write(
    teamId: string,
    collection: SyncedCollectionName,
    rows: PreparedRow[],
    decide: Decide,
    options: WriteOptions = {},
  ): Promise<WriteResult> {
    return withRetry(() => this.writeOnce(teamId, collection, rows, decide, options), this.retry);
  }

  private async writeOnce(
    teamId: string,
    collection: SyncedCollectionName,
    rows: PreparedRow[],
    decide: Decide,
    options: WriteOptions,
  ): Promise<WriteResult> {
    const client = await this.pool.connect();
    let broken = false;
    // A connection dying between two queries is reported as an event; the next query fails and is retried.
    const onError = () => {
      broken = true;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      let head = 0;
      let storedMagnitude: number | null = null;
      if (!this.options.unsafeNaiveSequence) {
        const team = await client.query<{ head: string; magnitude: string | null }>(
          'SELECT head, magnitude FROM cd_teams WHERE id = $1 FOR UPDATE',
          [teamId],
        );
        if (!team.rows[0]) throw new Error(`team ${teamId} does not exist`);
        head = Number(team.rows[0].head);
        storedMagnitude = team.rows[0].magnitude === null ? null : Number(team.rows[0].magnitude);
      }
      const magnitudeOf = options.magnitudeOf;
      let magnitude = 0;
      if (magnitudeOf) {
        magnitude =
          storedMagnitude ??
          Number(
            (
              await client.query<{ total: string }>(
                `SELECT coalesce(sum(abs((body::jsonb->>'amount')::numeric)), 0) AS total
                 FROM cd_documents WHERE team_id = $1 AND collection = 'ledger'`,
                [teamId],
              )
            ).rows[0]!.total,
          );
      }
      const masters = await client.query<{ id: string; body: string }>(
        'SELECT id, body FROM cd_documents WHERE team_id = $1 AND collection = $2 AND id = ANY($3::text[])',
        [teamId, collection, rows.map((r) => r.id)],
      );
      const masterById = new Map(masters.rows.map((m) => [m.id, m.body]));
      const toWrite: PreparedRow[] = [];
      const decided = applyDecisions({
        rows,
        decide,
        masterOf: (id) => masterById.get(id),
        magnitudeOf,
        magnitude,
        write: (row) => toWrite.push(row),
      });
      const result = decided.result;
      magnitude = decided.magnitude;
      if (toWrite.length === 0) {
        await client.query('ROLLBACK');
        return result;
      }
      const seqs = this.options.unsafeNaiveSequence
        ? (
            await client.query<{ seq: string }>('SELECT nextval($1) AS seq FROM generate_series(1, $2)', [
              'cd_naive_seq',
              toWrite.length,
            ])
          ).rows.map((r) => Number(r.seq))
        : toWrite.map((_, i) => head + i + 1);
      await client.query(
        `INSERT INTO cd_documents (team_id, collection, id, seq, body)
         SELECT $1, $2, t.id, t.seq, t.body FROM unnest($3::text[], $4::bigint[], $5::text[]) AS t(id, seq, body)
         ON CONFLICT (team_id, collection, id) DO UPDATE SET seq = excluded.seq, body = excluded.body`,
        [teamId, collection, toWrite.map((r) => r.id), seqs, toWrite.map((r) => r.body)],
      );
      if (!this.options.unsafeNaiveSequence) {
        await client.query('UPDATE cd_teams SET head = $1 WHERE id = $2', [head + toWrite.length, teamId]);
        if (magnitudeOf)
          await client.query('UPDATE cd_teams SET magnitude = $1 WHERE id = $2', [magnitude, teamId]);
      }
      await client.query('SELECT pg_notify($1, $2)', [
        NOTIFY_CHANNEL,
        encodeNotice({ teamId, collections: [collection] }),
      ]);
      if (this.options.beforeCommit) await this.options.beforeCommit();
      await client.query('COMMIT');
      return result;
    } catch (error) {
      broken = true;
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.off('error', onError);
      // A client whose transaction failed may hold a dead socket; drop it rather than reuse it.
      client.release(broken);
    }
  }

  async pull(
    teamId: string,
    collection: SyncedCollectionName,
    afterSeq: number,
    limit: number,
  ): Promise<StoredRow[]> {
    const { rows } = await this.query<{ seq: string; body: string }>(
      'SELECT seq, body FROM cd_documents WHERE team_id = $1 AND collection = $2 AND seq > $3 ORDER BY seq LIMIT $4',
      [teamId, collection, afterSeq, limit],
    );
    return rows.map((r) => ({ seq: Number(r.seq), body: r.body }));
  }

  async head(teamId: string): Promise<number> {
    const { rows } = this.options.unsafeNaiveSequence
      ? await this.query<{ head: string | null }>(
          'SELECT max(seq) AS head FROM cd_documents WHERE team_id = $1',
          [teamId],
        )
      : await this.query<{ head: string }>('SELECT head FROM cd_teams WHERE id = $1', [teamId]);
    return Number(rows[0]?.head ?? 0);
  }

  async position(teamId: string): Promise<TeamPosition> {
    const [head, { rows }] = await Promise.all([
      this.head(teamId),
      this.query<{ value: string }>("SELECT value FROM cd_meta WHERE key = 'epoch'", []),
    ]);
    return { head, epoch: rows[0]!.value };
  }

  async renewEpoch(): Promise<string> {
    const { rows } = await this.query<{ value: string }>(
      "UPDATE cd_meta SET value = gen_random_uuid()::text WHERE key = 'epoch' RETURNING value",
      [],
    );
    return rows[0]!.value;
  }

  onChange(listener: Parameters<TeamDatabase['onChange']>[0]): () => void {
    return this.bus.on(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => {});
    await this.pool.end().catch(() => {});
    await this.lockPool.end().catch(() => {});
  }

  async withLedgerLock<T>(teamId: string, work: () => Promise<T>): Promise<T> {
    const client = await withRetry(() => this.lockPool.connect(), this.retry);
    let broken = false;
    const onError = () => {
      broken = true;
    };
    client.on('error', onError);
    try {
      // Blocks while another process holds it. Should this connection die meanwhile, PostgreSQL
      // releases the lock; the work then runs unguarded against other processes, as before locks.
      await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LEDGER_LOCK_CLASS, teamId]);
      try {
        return await work();
      } finally {
        await client
          .query('SELECT pg_advisory_unlock($1, hashtext($2))', [LEDGER_LOCK_CLASS, teamId])
          .catch(() => {
            broken = true;
          });
      }
    } finally {
      client.off('error', onError);
      // A connection that may still hold the lock is closed, never handed to the next caller.
      client.release(broken);
    }
  }

  async countBetween(
    teamId: string,
    collection: SyncedCollectionName,
    afterSeq: number,
    upToSeq: number,
  ): Promise<number> {
    const { rows } = await this.query<{ n: string }>(
      'SELECT count(*) AS n FROM cd_documents WHERE team_id = $1 AND collection = $2 AND seq > $3 AND seq <= $4',
      [teamId, collection, afterSeq, upToSeq],
    );
    return Number(rows[0]?.n ?? 0);
  }
}
