import { createHash, randomBytes } from 'node:crypto';
import type { TeamDatabase, TeamRecord, TokenRecord } from './store/types';
import { isScope, SCOPES, type Scope } from '../src-shared/ledger/entry-rules';

/**
 * Teams and their bearer tokens. A token is `cdk_<tokenId>_<secret>`; only its SHA-256 is stored,
 * the id is public so a token can be listed and revoked without ever being shown again.
 */

const TOKEN_PATTERN = /^cdk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

const randomId = (bytes: number) =>
  BigInt(`0x${randomBytes(bytes).toString('hex')}`)
    .toString(36)
    .padStart(12, '0')
    .slice(-12);

/** The public id of a token, given the token itself or already its id. */
export function tokenIdOf(idOrToken: string): string {
  return TOKEN_PATTERN.exec(idOrToken)?.[1] ?? idOrToken;
}

export async function createTeam(store: TeamDatabase, name: string, now = Date.now()): Promise<TeamRecord> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 200) throw new Error('a team name needs 1 to 200 characters');
  const team = { id: `team_${randomId(8)}`, name: trimmed, createdAt: now };
  await store.createTeam(team);
  return team;
}

/** `admin` unless told otherwise, so set-ups from before scopes keep working. */
export async function createToken(
  store: TeamDatabase,
  teamId: string,
  label = '',
  scope: Scope = 'admin',
  now = Date.now(),
): Promise<{ token: string; record: TokenRecord }> {
  if (!isScope(scope)) throw new Error(`unknown scope "${String(scope)}"; use one of ${SCOPES.join(', ')}`);
  const teams = await store.listTeams();
  if (!teams.some((t) => t.id === teamId)) throw new Error(`no team with id ${teamId}`);
  const id = randomId(8);
  const token = `cdk_${id}_${randomBytes(32).toString('base64url')}`;
  const record: TokenRecord = {
    id,
    teamId,
    label: label.slice(0, 200),
    scope,
    createdAt: now,
    revokedAt: null,
    lastUsedAt: null,
  };
  await store.addToken({ ...record, hash: hashToken(token) });
  return { token, record };
}

/** Revokes by token id or by the full token; returns false when nothing active matched. */
export async function revokeToken(
  store: TeamDatabase,
  idOrToken: string,
  now = Date.now(),
): Promise<boolean> {
  const match = TOKEN_PATTERN.exec(idOrToken);
  if (match) {
    const record = await store.findTokenByHash(hashToken(idOrToken));
    return record ? store.revokeToken(record.id, now) : false;
  }
  return store.revokeToken(idOrToken, now);
}

/**
 * Resolves a bearer token to its active record. The lookup is by SHA-256, so the secret itself is
 * never compared and an attacker timing the index learns nothing about it.
 */
export async function authenticate(store: TeamDatabase, token: string): Promise<TokenRecord | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const record = await store.findTokenByHash(hashToken(token));
  return record && record.revokedAt === null ? record : null;
}
