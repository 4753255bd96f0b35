/** GET /v1/collections/:name/snapshot (issue #15) on both stores: the NDJSON shape, its bounds, scopes and refusals. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { postgresForThisFile } from './helpers/postgres';
import { startTestEndpoint, type StoreKind, type TestEndpoint, type TestTeam } from './helpers/endpoint';
import { adjustment, referral, wire } from '../sync/harness/docs';

const pg = postgresForThisFile();
const snapshot = (name: string, query = '') => `/v1/collections/${name}/snapshot${query}`;

/** The answer's lines, parsed. */
async function lines(
  endpoint: TestEndpoint,
  team: TestTeam,
  path: string,
): Promise<{ status: number; type: string; lines: Record<string, unknown>[] }> {
  const response = await fetch(`${endpoint.url}${path}`, {
    headers: { authorization: `Bearer ${team.token}` },
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    lines: text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe.each<StoreKind>(['sqlite', 'postgres'])('the snapshot route on %s', (kind) => {
  let endpoint: TestEndpoint;
  beforeAll(async () => {
    endpoint = await startTestEndpoint(kind, pg, { pullLimitMax: 100 });
  }, 60_000);
  afterAll(async () => {
    await endpoint?.close();
  });

  async function pushLedger(team: TestTeam, ids: number[]) {
    const rows = ids.map((i) => ({ newDocumentState: wire(adjustment(`s${i}`, 1000 + i, 'm1', i)) }));
    const response = await team.api.post('/v1/collections/ledger/push', rows);
    expect(response.status).toBe(200);
  }

  test('streams the collection in commit order with a progress line every page and an end line', async () => {
    const team = await endpoint.team();
    await pushLedger(team, [1, 2, 3, 4, 5]);
    await team.api.post('/v1/collections/referrals/push', [
      { newDocumentState: wire(referral('r1', 'invited', 1, 'm1')) },
    ]);
    await pushLedger(team, [6, 7]);
    const pulled = (await team.api.get('/v1/collections/ledger/pull?limit=100')).body as {
      documents: Record<string, unknown>[];
      checkpoint: { seq: number; epoch: string };
    };
    const answer = await lines(endpoint, team, snapshot('ledger', '?page=3'));
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^application\/x-ndjson/);
    const [header, ...rest] = answer.lines;
    const head = { seq: 8, epoch: pulled.checkpoint.epoch };
    expect(header).toEqual({
      snapshot: { collection: 'ledger', from: null, checkpoint: head, documents: 7 },
    });
    // Exactly the documents (and bytes) a pull gives, in the same order.
    const docs = rest.filter((l) => typeof l.id === 'string');
    expect(docs).toEqual(pulled.documents);
    const controls = rest.filter((l) => typeof l.id !== 'string');
    expect(controls).toEqual([
      { checkpoint: { seq: 3, epoch: head.epoch }, sent: 3 },
      { checkpoint: { seq: 7, epoch: head.epoch }, sent: 6 },
      { checkpoint: { seq: 8, epoch: head.epoch }, sent: 7 },
      { end: { checkpoint: head, documents: 7 } },
    ]);
    // From a checkpoint: only what came after it; count=1 says how many without sending them.
    const after = await lines(
      endpoint,
      team,
      snapshot('ledger', `?checkpoint=${JSON.stringify({ seq: 5, epoch: head.epoch })}`),
    );
    expect(after.lines.filter((l) => typeof l.id === 'string').map((l) => l.id)).toEqual([
      'adjustment:s6',
      'adjustment:s7',
    ]);
    expect((await team.api.get(snapshot('ledger', '?count=1&checkpoint=5'))).body).toEqual({
      collection: 'ledger',
      from: { seq: 5 },
      checkpoint: head,
      documents: 2,
    });
    // Nothing behind: a header, no documents, the end.
    const none = await lines(endpoint, team, snapshot('alerts'));
    expect(none.lines).toEqual([
      { snapshot: { collection: 'alerts', from: null, checkpoint: head, documents: 0 } },
      { end: { checkpoint: head, documents: 0 } },
    ]);
  });

  test('admin and viewer may read it; metering and no token may not; bad queries are 400, another epoch 409', async () => {
    const team = await endpoint.team();
    await pushLedger(team, [1]);
    const viewer = await endpoint.token(team.teamId, 'viewer');
    const metering = await endpoint.token(team.teamId, 'metering');
    expect((await lines(endpoint, viewer, snapshot('ledger'))).status).toBe(200);
    const refused = await metering.api.get(snapshot('ledger'));
    expect(refused.status).toBe(403);
    expect((refused.body as { message: string }).message).toMatch(/"admin" or "viewer"/);
    expect((await fetch(`${endpoint.url}${snapshot('ledger')}`)).status).toBe(401);
    for (const [query, words] of [
      ['?page=0', /page must be between 1 and 100/],
      ['?page=101', /page must be between 1 and 100/],
      ['?count=2', /count must be 1/],
      ['?checkpoint=abc', /checkpoint must be/],
      ['?since=1', /unknown query parameter "since"/],
    ] as const) {
      const response = await team.api.get(snapshot('ledger', query));
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect((response.body as { message: string }).message).toMatch(words);
    }
    expect((await team.api.get(snapshot('nope'))).status).toBe(404);
    const stale = await team.api.get(snapshot('ledger', '?checkpoint=1&epoch=not-this-one'));
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'epoch_changed' });
  });

  test('another team never appears in it', async () => {
    const a = await endpoint.team();
    const b = await endpoint.team();
    await pushLedger(a, [1, 2]);
    await pushLedger(b, [3]);
    const answer = await lines(endpoint, b, snapshot('ledger'));
    expect(answer.lines.filter((l) => typeof l.id === 'string').map((l) => l.id)).toEqual(['adjustment:s3']);
  });
});
