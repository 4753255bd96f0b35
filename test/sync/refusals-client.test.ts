import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type ServerHandle } from '../../src-server';
import { startSync, type FetchLike, type RefusedDocument, type SyncHandle } from '../../src-main/core/sync';
import { createClientDb, type ClientDb } from './harness/client-db';
import { adjustment } from './harness/docs';
import { api } from '../server/helpers/endpoint';

let server: ServerHandle;
let dir: string;
const open: { db: ClientDb; sync: SyncHandle }[] = [];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'creditdesk-refusals-'));
  server = await startServer({ port: 0, data: dir, limits: { requestsPerMinute: 1_000_000 } });
});
afterEach(async () => {
  for (const { db, sync } of open.splice(0)) {
    await sync.stop();
    await db.db.close();
  }
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
async function machine(fetchFn?: FetchLike) {
  const team = await server.admin.createTeam('refusals');
  const { token } = await server.admin.createToken(team.id);
  const db = await createClientDb(`refusals${process.pid}x${++counter}`, 'memory');
  const sync = startSync({
    collections: db.collections,
    endpoint: server.url,
    getToken: () => token,
    fetch: fetchFn,
    backoff: { initialMs: 50, maxMs: 300 },
  });
  open.push({ db, sync });
  const endpointIds = async () =>
    (
      (await api(server.url, token).get('/v1/collections/ledger/pull')).body as {
        documents: { id: string }[];
      }
    ).documents
      .map((d) => d.id)
      .sort();
  return { db, sync, endpointIds };
}
const zero = (id: string) => ({ ...adjustment(id, 1000, 'A'), amount: 0 });

describe('refused documents on the sync client', () => {
  test('a refused document is reported with the endpoint reason and the document; a retry says what became of each', async () => {
    const a = await machine();
    const refused: RefusedDocument[] = [];
    a.sync.refused$.subscribe((r) => refused.push(r));
    await a.db.collections.ledger.bulkInsert([adjustment('ok', 1000, 'A'), zero('zero')] as never);
    await a.sync.awaitInSync();
    await expect.poll(a.endpointIds).toEqual(['adjustment:ok']);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({
      collection: 'ledger',
      id: 'adjustment:zero',
      statusCode: 400,
      document: { id: 'adjustment:zero', amount: 0, _deleted: false },
    });
    expect(refused[0]!.message).toMatch(/an adjustment of zero changes nothing/);
    expect(refused[0]!.document).not.toHaveProperty('_meta');
    expect(a.sync.status.pendingPush).toBe(0);

    // A later write flows; the refused one is not pushed again on its own (no retry storm).
    await a.db.collections.ledger.insert(adjustment('later', 1000, 'A') as never);
    await expect.poll(a.endpointIds).toEqual(['adjustment:later', 'adjustment:ok']);
    expect(refused).toHaveLength(1);

    await a.db.collections.ledger.insert(adjustment('valid-now', 1000, 'A') as never);
    const outcomes = await a.sync.retryRefused([
      { collection: 'ledger', id: 'adjustment:zero' },
      { collection: 'ledger', id: 'adjustment:valid-now' },
      { collection: 'ledger', id: 'adjustment:gone' },
    ]);
    expect(outcomes).toEqual([
      { collection: 'ledger', id: 'adjustment:gone', result: 'missing' },
      {
        collection: 'ledger',
        id: 'adjustment:zero',
        result: 'refused',
        statusCode: 400,
        message: expect.stringMatching(/an adjustment of zero/),
      },
      { collection: 'ledger', id: 'adjustment:valid-now', result: 'stored' },
    ]);
  });

  test('an endpoint older than per-document refusals: pushes go the old way and still flow', async () => {
    const seen: string[] = [];
    const oldEndpoint: FetchLike = async (input, init) => {
      seen.push(input);
      if (input.includes('refusals=')) {
        const message = 'unknown query parameter "refusals"; allowed: ';
        return new Response(JSON.stringify({ statusCode: 400, error: 'Bad Request', message }), {
          status: 400,
          headers: { 'content-type': 'application/json' },
        });
      }
      return fetch(input, init);
    };
    const a = await machine(oldEndpoint);
    for (let i = 0; i < 3; i++) await a.db.collections.ledger.insert(adjustment(`o${i}`, 1000, 'A') as never);
    await expect.poll(a.endpointIds).toEqual(['adjustment:o0', 'adjustment:o1', 'adjustment:o2']);
    expect(seen.filter((u) => u.includes('refusals=')).length).toBe(1);
  });
});
