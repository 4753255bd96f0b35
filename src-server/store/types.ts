import type { SyncedCollectionName } from '../../src-shared/db/collections';
import type { PushRow } from '../../src-shared/sync/protocol';
import type { WriteDecision } from '../write-rules';
import type { Scope } from '../../src-shared/ledger/entry-rules';

export interface TeamRecord {
  id: string;
  name: string;
  createdAt: number;
  /** The team's own per-entry limit for grants and adjustments; null: the endpoint's default. */
  maxEntryMillicredits?: number | null;
}

export interface TokenRecord {
  /** Public handle used to list and revoke a token; the secret part is never stored. */
  id: string;
  teamId: string;
  label: string;
  /** What the token may do (see docs/protocol.md, "Scopes"). */
  scope: Scope;
  createdAt: number;
  revokedAt: number | null;
  /** Last authenticated request, to the minute (null: never used). */
  lastUsedAt: number | null;
}

/** A stored document: its commit position and its canonical wire JSON. */
export interface StoredRow {
  seq: number;
  body: string;
}

/** A pushed row, validated and canonicalised before the transaction starts. */
export interface PreparedRow {
  id: string;
  body: string;
  row: PushRow;
}

export type Decide = (masterBody: string | undefined, row: PreparedRow) => WriteDecision;

export interface WriteOptions {
  /**
   * The absolute amount a written row adds to the team's ledger total. The store keeps that total
   * with the team and refuses (SafeRangeError, nothing written) a write that would take it past
   * Number.MAX_SAFE_INTEGER, so every sum a replay forms stays exact.
   */
  magnitudeOf?: (row: PreparedRow) => number;
}

export class SafeRangeError extends Error {
  constructor(readonly documentId: string) {
    super(
      `storing "${documentId}" would take the team's ledger past the safe integer range of millicredits; nothing was written`,
    );
  }
}

export interface WriteResult {
  /** Master bodies of the rows that conflicted, in the order of the request. */
  conflicts: string[];
  /** Ids stored under a new checkpoint. */
  written: string[];
}

export interface TeamPosition {
  head: number;
  /** Names one history of the store's seq numbers; a new store and a restored one get a new epoch. */
  epoch: string;
}

export interface ChangeNotice {
  teamId: string;
  collections: string[];
}

/** Called when a store (re)connects and may have missed notices: every stream re-reads. */
export const ALL_TEAMS = '*';

/**
 * The endpoint's database of teams, their tokens and their synced documents, on SQLite or
 * PostgreSQL (not a "store": that word is kept for the renderer's zustand stores). Checkpoints are per team and gap-safe: once a
 * reader has seen `seq` n, no document with a lower seq can still commit.
 */
export interface TeamDatabase {
  readonly kind: 'sqlite' | 'postgres';
  createTeam(team: TeamRecord): Promise<void>;
  listTeams(): Promise<TeamRecord[]>;
  /** Sets (or with null, clears) a team's per-entry limit; false when there is no such team. */
  setTeamLimit(teamId: string, maxEntryMillicredits: number | null): Promise<boolean>;
  /** The team's per-entry limit, or null when it uses the endpoint's default. */
  teamLimit(teamId: string): Promise<number | null>;
  addToken(token: TokenRecord & { hash: string }): Promise<void>;
  revokeToken(tokenId: string, at: number): Promise<boolean>;
  listTokens(teamId?: string): Promise<TokenRecord[]>;
  findTokenByHash(hash: string): Promise<TokenRecord | null>;
  /** Records when a token was last used (callers throttle: not on every request). */
  touchToken(tokenId: string, at: number): Promise<void>;
  /** Stored bodies of these ids (missing ones absent from the map). */
  find(teamId: string, collection: SyncedCollectionName, ids: string[]): Promise<Map<string, string>>;
  /** Stored bodies whose id starts with `prefix` (the partial reversals of one usage). */
  findPrefix(teamId: string, collection: SyncedCollectionName, prefix: string): Promise<Map<string, string>>;
  /**
   * Runs `work` while no other endpoint process sharing this database runs ledger work of the team:
   * the entry rules read what is stored (earlier refunds of a usage) before the write that depends on
   * them. Within one process the caller queues per team already (checked-write.ts); a store that only
   * one process can open may run `work` at once.
   */
  withLedgerLock<T>(teamId: string, work: () => Promise<T>): Promise<T>;
  /** Applies `decide` to every row against the master state inside one transaction; all or nothing. */
  write(
    teamId: string,
    collection: SyncedCollectionName,
    rows: PreparedRow[],
    decide: Decide,
    options?: WriteOptions,
  ): Promise<WriteResult>;
  /** Documents with seq > afterSeq in commit order. */
  pull(
    teamId: string,
    collection: SyncedCollectionName,
    afterSeq: number,
    limit: number,
  ): Promise<StoredRow[]>;
  /** The highest committed seq of the team (0 when it has none). */
  head(teamId: string): Promise<number>;
  /** The team's head and the store's epoch, read together for the pull's checkpoint check. */
  position(teamId: string): Promise<TeamPosition>;
  /**
   * Gives the store a new epoch. Run after restoring a backup (the restored store carries the epoch it
   * had when backed up): clients holding checkpoints of the lost history then re-pull and re-push.
   */
  renewEpoch(): Promise<string>;
  onChange(listener: (notice: ChangeNotice) => void): () => void;
  close(): Promise<void>;
  /** How many documents of the collection have a seq in (afterSeq, upToSeq]: the size of a snapshot. */
  countBetween(
    teamId: string,
    collection: SyncedCollectionName,
    afterSeq: number,
    upToSeq: number,
  ): Promise<number>;
}
