import type { Scope } from '../../src-shared/ledger/entry-rules';
import type { TeamRecord, TokenRecord } from './types';

/**
 * Rows of the teams and tokens tables as both databases return them: SQLite gives integers as
 * numbers, PostgreSQL gives bigint columns as strings, so every integer goes through Number().
 */
type DbInteger = number | string;

export const TOKEN_COLUMNS = 'id, team_id, label, scope, created_at, revoked_at, last_used_at';

export interface TokenRow {
  id: string;
  team_id: string;
  label: string;
  scope: Scope;
  created_at: DbInteger;
  revoked_at: DbInteger | null;
  last_used_at: DbInteger | null;
}

export const TEAM_COLUMNS = 'id, name, created_at, max_entry';

export interface TeamRow {
  id: string;
  name: string;
  created_at: DbInteger;
  max_entry: DbInteger | null;
}

const orNull = (value: DbInteger | null): number | null => (value === null ? null : Number(value));

export const toToken = (r: TokenRow): TokenRecord => ({
  id: r.id,
  teamId: r.team_id,
  label: r.label,
  scope: r.scope,
  createdAt: Number(r.created_at),
  revokedAt: orNull(r.revoked_at),
  lastUsedAt: orNull(r.last_used_at),
});

export const toTeam = (r: TeamRow): TeamRecord => ({
  id: r.id,
  name: r.name,
  createdAt: Number(r.created_at),
  maxEntryMillicredits: orNull(r.max_entry),
});
