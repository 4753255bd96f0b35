import { afterAll, describe, expect, test } from 'vitest';
import { createTeam, createToken, PostgresTeamDatabase } from '../../src-server';
import { postgresForThisFile } from './helpers/postgres';
import { reversal, usage, wire } from '../sync/harness/docs';
import { startEndpointProcess, type EndpointRemote } from '../sync/harness/endpoint-remote';

/**
 * Two endpoint processes on one PostgreSQL database (the deployment PostgreSQL is for): refunds of
 * one usage sent to both at once never give back more than it took. Each process queues a team's
 * ledger writes by itself; only the database's advisory lock orders them across processes.
 */

const pg = postgresForThisFile();
const T = Date.UTC(2026, 10, 3);
const endpoints: EndpointRemote[] = [];
afterAll(async () => {
  for (const endpoint of endpoints) await endpoint.kill();
});

const refund = (usageId: string, amount: number, n: number) =>
  wire(
    reversal(
      usageId,
      amount,
      `m${n}`,
      T + 10,
      `reversal:${usageId}:part:00000000-0000-4000-8000-0000000002${String(n).padStart(2, '0')}`,
    ),
  );

describe('endpoint processes sharing a PostgreSQL database', () => {
  test('a refund of one usage sent to two processes at once is stored once', async () => {
    const databaseUrl = await pg.createDatabase();
    const setup = await PostgresTeamDatabase.open({ connectionString: databaseUrl });
    const team = await createTeam(setup, 'two processes');
    const { token } = await createToken(setup, team.id);
    await setup.close();
    const limits = { requestsPerMinute: 1_000_000 };
    endpoints.push(
      await startEndpointProcess({ port: 0, databaseUrl, limits }),
      await startEndpointProcess({ port: 0, databaseUrl, limits }),
    );
    const post = (endpoint: EndpointRemote, rows: unknown[]) =>
      fetch(`${endpoint.url}/v1/collections/ledger/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(rows),
      });

    // Each round: a usage of 1,000, then a full refund of it sent to each process at the same moment.
    // Both processes are idle, so both read "nothing refunded yet" at about the same time: without a
    // lock across processes both are stored (2,000 back for 1,000 taken) in most rounds.
    const rounds = 16;
    const accepted: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const usageId = `usage:shared-${round}`;
      const stored = await post(endpoints[0]!, [
        { newDocumentState: wire(usage(`shared-${round}`, 1000, 'm0', T)) },
      ]);
      expect([stored.status, await stored.text()]).toEqual([200, '[]']);
      const answers = await Promise.all(
        [0, 1].map((i) => post(endpoints[i]!, [{ newDocumentState: refund(usageId, 1000, round * 2 + i) }])),
      );
      const statuses = answers.map((a) => a.status).sort();
      accepted.push(statuses.filter((s) => s === 200).length);
      expect(statuses.filter((s) => s !== 200)).toEqual(
        statuses.length === 2 && accepted.at(-1) === 1 ? [422] : [],
      );
    }
    // Exactly one refund stored per usage, and the endpoint's ledger agrees.
    expect(accepted).toEqual(Array.from({ length: rounds }, () => 1));
    const pulled = (await (
      await fetch(`${endpoints[1]!.url}/v1/collections/ledger/pull?limit=1000`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { documents: { id: string; amount: number }[] };
    const refunds = pulled.documents.filter((d) => d.id.startsWith('reversal:'));
    expect(refunds.reduce((sum, d) => sum + d.amount, 0)).toBe(1000 * rounds);
  }, 120_000);
});
