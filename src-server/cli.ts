/**
 * `npm run server [-- command]`: runs the endpoint or manages teams and tokens.
 *
 *   serve (default)      [--port 8787] [--host 127.0.0.1] [--data <folder>] [--database-url postgres://…]
 *                        [--max-entry-credits 10000000]
 *   team create          [--name <name>]
 *   team list
 *   team limit           --team <teamId> --max-entry-credits <credits|default>
 *   token create         --team <teamId> [--scope admin|viewer|metering] [--label <label>]
 *   token revoke         <tokenId | token>
 *   token list           [--team <teamId>]
 *   epoch renew          after restoring the store from a backup: clients start their sync over
 *   epoch show
 */
import { DEFAULT_PORT } from './options';
import { parseArgs, portOf, UsageError } from './cli-args';
import { openTeamDatabase } from './store/open';
import type { TeamDatabase } from './store/types';
import { createTeam, createToken, revokeToken } from './tokens';
import { isScope, SCOPES, type Scope } from '../src-shared/ledger/entry-rules';

const KNOWN = [
  'port',
  'host',
  'data',
  'database-url',
  'name',
  'team',
  'label',
  'scope',
  'max-entry-credits',
] as const;
const USAGE = `usage: npm run server -- [serve] [--port ${DEFAULT_PORT}] [--host 127.0.0.1] [--data <folder>] [--database-url postgres://…] [--max-entry-credits 10000000]
       npm run server -- team create [--name <name>] | team list | team limit --team <teamId> --max-entry-credits <credits|default>
       npm run server -- token create --team <teamId> [--scope admin|viewer|metering] [--label <label>]
       npm run server -- token revoke <tokenId|token> | token list [--team <teamId>]
       npm run server -- epoch renew | epoch show   [--data <folder>] [--database-url postgres://…]`;

function scopeOf(raw: string | undefined): Scope {
  if (raw === undefined) return 'admin';
  if (!isScope(raw)) throw new UsageError(`--scope must be one of ${SCOPES.join(', ')}, got "${raw}"`);
  return raw;
}

/** Whole credits on the command line, millicredits inside. */
function maxEntryOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,12}$/.test(raw) || Number(raw) < 1)
    throw new UsageError(`--max-entry-credits must be a whole number of credits from 1, got "${raw}"`);
  return Number(raw) * 1000;
}

const when = (at: number | null) => (at === null ? 'never' : new Date(at).toISOString());

const out = (line: string) => process.stdout.write(`${line}\n`);

async function withTeamDatabase<T>(
  flags: Map<string, string>,
  fn: (store: TeamDatabase) => Promise<T>,
): Promise<T> {
  const store = await openTeamDatabase({ data: flags.get('data'), databaseUrl: flags.get('database-url') });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function printToken(token: string, teamId: string, tokenId: string, scope: Scope) {
  out(`token ${tokenId} (scope ${scope}) for team ${teamId}:`);
  out(`  ${token}`);
  out('Store it now: it is shown only once and only its SHA-256 is kept.');
}

async function serve(flags: Map<string, string>): Promise<void> {
  // Loaded only here so team and token commands start fast.
  const { startServer } = await import('./server');
  const maxEntry = maxEntryOf(flags.get('max-entry-credits'));
  const server = await startServer({
    port: portOf(flags.get('port')) ?? DEFAULT_PORT,
    host: flags.get('host') ?? '127.0.0.1',
    data: flags.get('data'),
    databaseUrl: flags.get('database-url'),
    limits: maxEntry === undefined ? {} : { maxEntryMillicredits: maxEntry },
  });
  // No set-up needed: a fresh store gets a first team and a token to connect the desktop app with.
  if ((await server.store.listTeams()).length === 0) {
    const team = await server.admin.createTeam('default');
    const { token, record } = await server.admin.createToken(team.id, 'first token');
    out(`created team ${team.id} ("default")`);
    printToken(token, team.id, record.id, record.scope);
  }
  // Printed last: scripts wait for this line to know the endpoint is ready.
  out(`creditdesk sync endpoint on ${server.url} (store: ${server.store.kind})`);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function main(argv: string[]): Promise<void> {
  const { positionals, flags } = parseArgs(argv, KNOWN);
  const [command = 'serve', sub, arg] = positionals;
  if (command === 'serve' || command === 'start') return serve(flags);
  if (command === 'team' && sub === 'create') {
    const team = await withTeamDatabase(flags, (store) => createTeam(store, flags.get('name') ?? 'team'));
    out(`created team ${team.id} ("${team.name}")`);
    out(`next: npm run server -- token create --team ${team.id}`);
    return;
  }
  if (command === 'team' && sub === 'list') {
    const teams = await withTeamDatabase(flags, (store) => store.listTeams());
    for (const t of teams) {
      const limit = t.maxEntryMillicredits
        ? `${t.maxEntryMillicredits / 1000} credits per entry`
        : 'default limit';
      out(`${t.id}\t${t.name}\t${new Date(t.createdAt).toISOString()}\t${limit}`);
    }
    return;
  }
  if (command === 'team' && sub === 'limit') {
    const teamId = flags.get('team');
    const raw = flags.get('max-entry-credits');
    if (!teamId || raw === undefined)
      throw new UsageError('team limit needs --team <teamId> and --max-entry-credits <credits|default>');
    const value = raw === 'default' ? null : maxEntryOf(raw)!;
    if (!(await withTeamDatabase(flags, (store) => store.setTeamLimit(teamId, value))))
      throw new UsageError(`no team with id ${teamId}`);
    out(
      value === null
        ? `team ${teamId} uses the endpoint's per-entry limit`
        : `team ${teamId}: at most ${raw} credits per manual grant, bundle, referral award or adjustment`,
    );
    return;
  }
  if (command === 'token' && sub === 'create') {
    const teamId = flags.get('team');
    if (!teamId) throw new UsageError('token create needs --team <teamId>');
    const scope = scopeOf(flags.get('scope'));
    const { token, record } = await withTeamDatabase(flags, (store) =>
      createToken(store, teamId, flags.get('label') ?? '', scope),
    );
    printToken(token, teamId, record.id, record.scope);
    return;
  }
  if (command === 'token' && sub === 'revoke') {
    if (!arg) throw new UsageError('token revoke needs a token id or the token');
    const done = await withTeamDatabase(flags, (store) => revokeToken(store, arg));
    if (!done) throw new UsageError(`no active token matches "${arg}"`);
    out('token revoked; open streams using it end within seconds');
    return;
  }
  if (command === 'token' && sub === 'list') {
    const tokens = await withTeamDatabase(flags, (store) => store.listTokens(flags.get('team')));
    out('id\tteam\tscope\tstatus\tcreated\tlast used\tlabel');
    for (const t of tokens) {
      const status = t.revokedAt ? 'revoked' : 'active';
      out(
        `${t.id}\t${t.teamId}\t${t.scope}\t${status}\t${when(t.createdAt)}\t${when(t.lastUsedAt)}\t${t.label}`,
      );
    }
    return;
  }
  if (command === 'epoch' && sub === 'renew') {
    const epoch = await withTeamDatabase(flags, (store) => store.renewEpoch());
    out(`store epoch is now ${epoch}`);
    out(
      'Clients that synced with the store before its restore pull everything again and push what it lacks.',
    );
    return;
  }
  if (command === 'epoch' && sub === 'show') {
    const { epoch } = await withTeamDatabase(flags, (store) => store.position(''));
    out(epoch);
    return;
  }
  throw new UsageError(`unknown command "${[command, sub].filter(Boolean).join(' ')}"`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`error: ${(error as Error).message}\n`);
  process.exit(1);
});
