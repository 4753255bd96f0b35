import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashToken } from '../../src-server';
import { startPostgres, type TestPostgres } from './helpers/postgres';
import { api } from './helpers/endpoint';

const CLI = join(import.meta.dirname, '../../src-server/cli.ts');
const children = new Set<ReturnType<typeof spawn>>();

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `npm run server` as a child process; resolves once it prints its URL. */
function serve(
  args: string[],
): Promise<{ url: string; stdout: () => string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.on('exit', (code) => reject(new Error(`server exited early (${code}): ${stdout}`)));
    child.stdout.on('data', (d) => {
      stdout += d;
      const url = /on (http:\/\/\S+) /.exec(stdout)?.[1];
      if (url) {
        child.removeAllListeners('exit');
        resolve({
          url,
          stdout: () => stdout,
          stop: () =>
            new Promise((done) => {
              child.once('exit', (code) => {
                children.delete(child);
                done(code);
              });
              child.kill('SIGTERM');
            }),
        });
      }
    });
  });
}

const dirs: string[] = [];
const newDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'creditdesk-cli-'));
  dirs.push(dir);
  return dir;
};
const tokenOf = (text: string) => /(cdk_[a-z0-9]{12}_[A-Za-z0-9_-]{43})/.exec(text)?.[1];
const teamOf = (text: string) => /created team (team_[a-z0-9]+)/.exec(text)?.[1];

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await postgres?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('server CLI and tokens', () => {
  test('team create, token create/list/revoke on the embedded store; only the hash is stored', async () => {
    const data = newDir();
    const team = await cli(['team', 'create', '--name', 'Support EU', '--data', data]);
    expect(team.code).toBe(0);
    const teamId = teamOf(team.stdout)!;
    expect(team.stdout).toContain('"Support EU"');
    const created = await cli(['token', 'create', '--team', teamId, '--label', 'laptop', '--data', data]);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/shown only once/);
    const token = tokenOf(created.stdout)!;
    const tokenId = token.split('_')[1]!;
    // The file holds the hash, never the token or its secret part.
    const files = readdirSync(data)
      .map((f) => readFileSync(join(data, f)).toString('latin1'))
      .join('');
    expect(files).not.toContain(token.split('_')[2]);
    expect(files).toContain(hashToken(token));

    const list = await cli(['token', 'list', '--data', data]);
    expect(list.stdout).toMatch(
      new RegExp(`${tokenId}\\t${teamId}\\tadmin\\tactive\\t\\S+\\tnever\\tlaptop`),
    );
    expect((await cli(['token', 'revoke', tokenId, '--data', data])).code).toBe(0);
    expect((await cli(['token', 'list', '--data', data])).stdout).toContain(
      `${tokenId}\t${teamId}\tadmin\trevoked`,
    );
    // Scopes: admin by default (above), chosen with --scope, refused when unknown.
    const viewer = await cli([
      'token',
      'create',
      '--team',
      teamId,
      '--scope',
      'viewer',
      '--label',
      'wall screen',
      '--data',
      data,
    ]);
    expect(viewer.code).toBe(0);
    expect(viewer.stdout).toMatch(/\(scope viewer\)/);
    const viewerId = tokenOf(viewer.stdout)!.split('_')[1]!;
    expect((await cli(['token', 'list', '--data', data])).stdout).toMatch(
      new RegExp(`${viewerId}\\t${teamId}\\tviewer\\tactive\\t\\S+\\tnever\\twall screen`),
    );
    // A team's own per-entry limit, shown by team list, back to the default.
    const limit = await cli([
      'team',
      'limit',
      '--team',
      teamId,
      '--max-entry-credits',
      '5000',
      '--data',
      data,
    ]);
    expect(limit.stdout).toMatch(/at most 5000 credits per manual grant/);
    expect((await cli(['team', 'list', '--data', data])).stdout).toContain(`${teamId}\tSupport EU\t`);
    expect((await cli(['team', 'list', '--data', data])).stdout).toMatch(/5000 credits per entry/);
    await cli(['team', 'limit', '--team', teamId, '--max-entry-credits', 'default', '--data', data]);
    expect((await cli(['team', 'list', '--data', data])).stdout).toMatch(/default limit/);
    const badScope = await cli(['token', 'create', '--team', teamId, '--scope', 'root', '--data', data]);
    expect(badScope.code).toBe(2);
    expect(badScope.stderr).toMatch(/--scope must be one of admin, viewer, metering, got "root"/);
    const again = await cli(['token', 'revoke', tokenId, '--data', data]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/no active token matches/);
    // Revoking by the full token works too.
    const second = tokenOf((await cli(['token', 'create', '--team', teamId, '--data', data])).stdout)!;
    expect((await cli(['token', 'revoke', second, '--data', data])).code).toBe(0);
  }, 60_000);

  test('usage mistakes exit 2 with a message and the usage text', async () => {
    const data = newDir();
    for (const [args, words] of [
      [['frobnicate'], /unknown command "frobnicate"/],
      [['token', 'create', '--data', data], /token create needs --team <teamId>/],
      [['--port', '99999', '--data', data], /--port must be 0–65535/],
      [['--colour', 'blue'], /unknown option --colour/],
      [['token', 'revoke'], /token revoke needs a token id or the token/],
      [
        ['--max-entry-credits', 'lots', '--data', data],
        /--max-entry-credits must be a whole number of credits/,
      ],
    ] as [string[], RegExp][]) {
      const result = await cli(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(words);
      expect(result.stderr).toMatch(/usage: npm run server/);
    }
    const noTeam = await cli(['token', 'create', '--team', 'team_nope', '--data', data]);
    expect(noTeam.code).toBe(1);
    expect(noTeam.stderr).toMatch(/no team with id team_nope/);
    const badUrl = await cli(['team', 'list', '--database-url', 'mysql://x']);
    expect(badUrl.stderr).toMatch(/--database-url must start with postgres:\/\//);
  }, 60_000);

  test('`npm run server` starts with no set-up, prints a first token once, and a CLI revoke ends open streams', async () => {
    const data = newDir();
    const server = await serve(['--port', '0', '--data', data]);
    let exitCode: number | null = -1;
    try {
      const token = tokenOf(server.stdout())!;
      expect(token).toBeDefined();
      const client = api(server.url, token);
      expect((await client.get('/v1/collections/ledger/pull')).status).toBe(200);
      const stream = await fetch(`${server.url}/v1/collections/ledger/stream`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(stream.status).toBe(200);
      const revoked = await cli(['token', 'revoke', token, '--data', data]);
      expect(revoked.code).toBe(0);
      // The running server re-checks open streams' tokens and closes this one with a 401 event.
      const reader = stream.body!.getReader();
      let text = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      expect(text).toMatch(/event: error\ndata: \{"statusCode":401/);
      expect((await client.get('/v1/collections/ledger/pull')).status).toBe(401);
    } finally {
      exitCode = await server.stop();
    }
    // SIGTERM closes the server cleanly.
    expect(exitCode).toBe(0);
    // A second start on the same data creates no new team or token.
    const again = await serve(['--port', '0', '--data', data]);
    expect(again.stdout()).not.toMatch(/created team/);
    await again.stop();
  }, 60_000);

  test('--database-url runs the same commands on PostgreSQL, storing only the hash', async () => {
    const url = await postgres.createDatabase();
    const team = await cli(['team', 'create', '--database-url', url]);
    expect(team.code).toBe(0);
    const token = tokenOf(
      (await cli(['token', 'create', '--team', teamOf(team.stdout)!, '--database-url', url])).stdout,
    )!;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ hash: string }>('SELECT hash FROM cd_tokens');
      expect(rows).toEqual([{ hash: hashToken(token) }]);
      const dump = await client.query(
        "SELECT count(*)::int AS n FROM cd_tokens WHERE hash LIKE '%' || $1 || '%' OR label LIKE '%' || $1 || '%'",
        [token.split('_')[2]],
      );
      expect(dump.rows[0]).toEqual({ n: 0 });
    } finally {
      await client.end();
    }
    const server = await serve(['--port', '0', '--database-url', url]);
    try {
      expect((await api(server.url, token).get('/v1/collections/ledger/pull')).status).toBe(200);
      expect(server.stdout()).toMatch(/store: postgres/);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
