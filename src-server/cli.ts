/**
 * `npm run server [-- command]`: runs the endpoint or manages teams and tokens.
 *
 *   serve (default)      [--port 8787] [--host 127.0.0.1] [--data <folder>] [--database-url postgres://…]
 *   team create          [--name <name>]
 *   team list
 *   token create         --team <teamId> [--label <label>]
 *   token revoke         <tokenId | token>
 *   token list           [--team <teamId>]
 *   epoch renew          after restoring the store from a backup: clients start their sync over
 *   epoch show
 */
import { DEFAULT_PORT } from './options';
import { parseArgs, portOf, UsageError } from './cli-args';
import { openStore } from './store/open';
import type { Store } from './store/types';
import { createTeam, createToken, revokeToken } from './tokens';

const KNOWN = ['port', 'host', 'data', 'database-url', 'name', 'team', 'label'] as const;
const USAGE = `usage: npm run server -- [serve] [--port ${DEFAULT_PORT}] [--host 127.0.0.1] [--data <folder>] [--database-url postgres://…]
       npm run server -- team create [--name <name>] | team list
       npm run server -- token create --team <teamId> [--label <label>] | token revoke <tokenId|token> | token list [--team <teamId>]
       npm run server -- epoch renew | epoch show   [--data <folder>] [--database-url postgres://…]`;

const out = (line: string) => process.stdout.write(`${line}\n`);

async function withStore<T>(flags: Map<string, string>, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ data: flags.get('data'), databaseUrl: flags.get('database-url') });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function printToken(token: string, teamId: string, tokenId: string) {
  out(`token ${tokenId} for team ${teamId}:`);
  out(`  ${token}`);
  out('Store it now: it is shown only once and only its SHA-256 is kept.');
}

async function serve(flags: Map<string, string>): Promise<void> {
  // Loaded only here so team and token commands start fast.
  const { startServer } = await import('./server');
  const server = await startServer({
    port: portOf(flags.get('port')) ?? DEFAULT_PORT,
    host: flags.get('host') ?? '127.0.0.1',
    data: flags.get('data'),
    databaseUrl: flags.get('database-url'),
  });
  // No set-up needed: a fresh store gets a first team and a token to connect the desktop app with.
  if ((await server.store.listTeams()).length === 0) {
    const team = await server.admin.createTeam('default');
    const { token, record } = await server.admin.createToken(team.id, 'first token');
    out(`created team ${team.id} ("default")`);
    printToken(token, team.id, record.id);
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
    const team = await withStore(flags, (store) => createTeam(store, flags.get('name') ?? 'team'));
    out(`created team ${team.id} ("${team.name}")`);
    out(`next: npm run server -- token create --team ${team.id}`);
    return;
  }
  if (command === 'team' && sub === 'list') {
    const teams = await withStore(flags, (store) => store.listTeams());
    for (const t of teams) out(`${t.id}\t${t.name}\t${new Date(t.createdAt).toISOString()}`);
    return;
  }
  if (command === 'token' && sub === 'create') {
    const teamId = flags.get('team');
    if (!teamId) throw new UsageError('token create needs --team <teamId>');
    const { token, record } = await withStore(flags, (store) =>
      createToken(store, teamId, flags.get('label') ?? ''),
    );
    printToken(token, teamId, record.id);
    return;
  }
  if (command === 'token' && sub === 'revoke') {
    if (!arg) throw new UsageError('token revoke needs a token id or the token');
    const done = await withStore(flags, (store) => revokeToken(store, arg));
    if (!done) throw new UsageError(`no active token matches "${arg}"`);
    out('token revoked; open streams using it end within seconds');
    return;
  }
  if (command === 'token' && sub === 'list') {
    const tokens = await withStore(flags, (store) => store.listTokens(flags.get('team')));
    for (const t of tokens) {
      out(`${t.id}\t${t.teamId}\t${t.revokedAt ? 'revoked' : 'active'}\t${t.label}`);
    }
    return;
  }
  if (command === 'epoch' && sub === 'renew') {
    const epoch = await withStore(flags, (store) => store.renewEpoch());
    out(`store epoch is now ${epoch}`);
    out(
      'Clients that synced with the store before its restore pull everything again and push what it lacks.',
    );
    return;
  }
  if (command === 'epoch' && sub === 'show') {
    const { epoch } = await withStore(flags, (store) => store.position(''));
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
