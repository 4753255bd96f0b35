import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { postgresForThisFile } from './helpers/postgres';
import { startTestEndpoint, type StoreKind, type TestEndpoint } from './helpers/endpoint';
import { adjustment, wire } from '../sync/harness/docs';

const pg = postgresForThisFile();

const push = (query = '') => `/v1/collections/ledger/push${query}`;
const good = (id: string) => ({ newDocumentState: wire(adjustment(id, 1000, 'm1')) });
const zero = (id: string) => ({
  newDocumentState: wire({ ...adjustment(id, 1000, 'm1'), amount: 0 }),
});

describe.each<StoreKind>(['sqlite', 'postgres'])('per-document push refusals on %s', (kind) => {
  let endpoint: TestEndpoint;
  beforeAll(async () => {
    endpoint = await startTestEndpoint(kind, pg);
  }, 60_000);
  afterAll(async () => {
    await endpoint?.close();
  });

  const amountOf = (row: { newDocumentState: object }) => (row.newDocumentState as { amount: number }).amount;

  test('with ?refusals=per-document the rest of the push is stored and each refused row is named', async () => {
    const { api, teamId } = await endpoint.team();
    const existing = good('existing');
    await api.post(push(), [existing]);
    const changed = {
      newDocumentState: { ...existing.newDocumentState, amount: 5000 },
      assumedMasterState: existing.newDocumentState,
    };
    const rows = [good('a'), zero('z'), 'not a row', good('b'), good('a'), changed];
    const response = await api.post(push('?refusals=per-document'), rows);
    expect(response.status).toBe(200);
    const body = response.body as {
      conflicts: { id: string; amount: number; tokenId?: string }[];
      refused: unknown[];
    };
    // The real conflict (the stored fact), then the stored rows' stamped copies (the pushed ones had no
    // stamp), so the client holds the team's copy without waiting for a pull.
    expect(body.conflicts.map((c) => [c.id, c.amount, typeof c.tokenId])).toEqual([
      ['adjustment:existing', amountOf(existing), 'string'],
      ['adjustment:a', amountOf(good('a')), 'string'],
      ['adjustment:b', amountOf(good('b')), 'string'],
    ]);
    // The stamped copy pushed again is the stored state: nothing to answer.
    const again = await api.post(push('?refusals=per-document'), [{ newDocumentState: body.conflicts[1] }]);
    expect(again.body).toEqual({ conflicts: [], refused: [] });
    expect(body.refused).toEqual([
      {
        index: 1,
        id: 'adjustment:z',
        statusCode: 400,
        message: 'amount: an adjustment of zero changes nothing',
      },
      { index: 2, id: null, statusCode: 400, message: 'must be an object' },
      {
        index: 4,
        id: 'adjustment:a',
        statusCode: 400,
        message: 'repeats document id "adjustment:a"; send each document once per push',
      },
    ]);
    const pulled = (await api.get('/v1/collections/ledger/pull')).body as { documents: { id: string }[] };
    expect(pulled.documents.map((d) => d.id).sort()).toEqual([
      'adjustment:a',
      'adjustment:b',
      'adjustment:existing',
    ]);
    expect(await endpoint.store.head(teamId)).toBe(3);
  });

  test('only refused rows: nothing written, 200 with the refusals', async () => {
    const { api, teamId } = await endpoint.team();
    const response = await api.post(push('?refusals=per-document'), [zero('only')]);
    expect(response.status).toBe(200);
    expect((response.body as { refused: unknown[] }).refused).toHaveLength(1);
    expect(await endpoint.store.head(teamId)).toBe(0);
  });

  test('without the opt-in one refused row still refuses the whole push (older clients take silence as stored)', async () => {
    const { api, teamId } = await endpoint.team();
    const response = await api.post(push(), [good('a'), zero('z')]);
    expect(response.status).toBe(400);
    expect((response.body as { message: string }).message).toMatch(/rows\[1\]\.newDocumentState/);
    expect(await endpoint.store.head(teamId)).toBe(0);
    const wrong = await api.post(push('?refusals=all'), [good('a')]);
    expect(wrong.status).toBe(400);
    expect((wrong.body as { message: string }).message).toBe('refusals must be "per-document"');
  });
});
