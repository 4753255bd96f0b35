import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { postgresForThisFile } from './helpers/postgres';
import { startTestEndpoint, type StoreKind, type TestEndpoint } from './helpers/endpoint';
import { adjustment, alert, rateCardDoc, referral, settings, wire } from '../sync/harness/docs';

const pg = postgresForThisFile();

const pull = (name: string, query = '') => `/v1/collections/${name}/pull${query}`;
const push = (name: string) => `/v1/collections/${name}/push`;

describe.each<StoreKind>(['sqlite', 'postgres'])('replication routes on %s', (kind) => {
  let endpoint: TestEndpoint;
  beforeAll(async () => {
    endpoint = await startTestEndpoint(kind, pg, { pushRows: 5, bodyBytes: 64 * 1024, pullLimitMax: 100 });
  }, 60_000);
  afterAll(async () => {
    await endpoint?.close();
  });

  /** Asserts a 4xx with a message that mentions `words`, and that the team's data did not change. */
  async function refused(
    team: Awaited<ReturnType<TestEndpoint['team']>>,
    request: Promise<{ status: number; body: unknown }>,
    status: number,
    words: RegExp,
  ) {
    const headBefore = await endpoint.store.head(team.teamId);
    const response = await request;
    expect(response.status).toBe(status);
    const body = response.body as { statusCode: number; message: string };
    expect(body.statusCode).toBe(status);
    expect(body.message).toMatch(words);
    expect(await endpoint.store.head(team.teamId)).toBe(headBefore);
  }

  test('healthz needs no token and names the store', async () => {
    const response = await fetch(`${endpoint.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, store: kind });
  });

  test('healthz answers 503 when the store is gone, so a load balancer can route around the instance', async () => {
    const doomed = await startTestEndpoint(kind, pg);
    try {
      await doomed.store.close();
      const response = await fetch(`${doomed.url}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ ok: false, message: 'the store is unavailable' });
    } finally {
      await doomed.close();
    }
  });

  test('pull pages in commit order and hands back the checkpoint it was given when nothing is new', async () => {
    const { api } = await endpoint.team();
    expect((await api.get(pull('ledger'))).body).toEqual({ documents: [], checkpoint: null });
    const docs = [1, 2, 3, 4].map((i) => wire(adjustment(`p${i}`, i * 1000, 'm1')));
    expect(
      (
        await api.post(
          push('ledger'),
          docs.slice(0, 3).map((d) => ({ newDocumentState: d })),
        )
      ).body,
    ).toEqual([]);
    expect((await api.post(push('ledger'), [{ newDocumentState: docs[3] }])).body).toEqual([]);
    const first = (await api.get(pull('ledger', '?limit=2'))).body as {
      documents: { id: string }[];
      checkpoint: { seq: number };
    };
    expect(first.documents.map((d) => d.id)).toEqual(['adjustment:p1', 'adjustment:p2']);
    const rest = (await api.get(pull('ledger', `?limit=10&checkpoint=${first.checkpoint.seq}`))).body as {
      documents: { id: string }[];
      checkpoint: { seq: number };
    };
    expect(rest.documents.map((d) => d.id)).toEqual(['adjustment:p3', 'adjustment:p4']);
    const none = (await api.get(pull('ledger', `?checkpoint=${rest.checkpoint.seq}`))).body;
    expect(none).toEqual({ documents: [], checkpoint: rest.checkpoint });
    // The checkpoint a pull answered may be sent back as it is (one shape for request and answer).
    const same = (
      await api.get(pull('ledger', `?checkpoint=${encodeURIComponent(JSON.stringify(first.checkpoint))}`))
    ).body as { documents: { id: string }[] };
    expect(same.documents.map((d) => d.id)).toEqual(rest.documents.map((d) => d.id));
    // Other collections have their own documents but share the team's commit order.
    expect((await api.get(pull('referrals'))).body).toEqual({ documents: [], checkpoint: null });
  });

  test('bad pulls are 4xx with a clear message', async () => {
    const team = await endpoint.team();
    const { api } = team;
    await refused(
      team,
      api.get(pull('invoices')),
      404,
      /unknown collection "invoices"; synced collections are ledger/,
    );
    await refused(
      team,
      api.get(pull('ledger', '?checkpoint=abc')),
      400,
      /checkpoint must be a non-negative integer/,
    );
    await refused(
      team,
      api.get(pull('ledger', `?checkpoint=${encodeURIComponent('{"seq":-1}')}`)),
      400,
      /checkpoint.seq must be a non-negative integer/,
    );
    await refused(
      team,
      api.get(pull('ledger', '?checkpoint=-1')),
      400,
      /checkpoint must be a non-negative integer/,
    );
    await refused(team, api.get(pull('ledger', '?limit=0')), 400, /limit must be between 1 and 100/);
    await refused(team, api.get(pull('ledger', '?limit=101')), 400, /limit must be between 1 and 100/);
    await refused(team, api.get(pull('ledger', '?since=3')), 400, /unknown query parameter "since"/);
    await refused(team, api.get(pull('ledger', '?limit=1&limit=2')), 400, /given more than once/);
    await refused(team, api.get('/v1/nothing'), 404, /no route GET \/v1\/nothing/);
  });

  test('bad pushes are 4xx with a clear message and write nothing, not even their valid rows', async () => {
    const team = await endpoint.team();
    const { api } = team;
    const good = { newDocumentState: wire(adjustment('ok', 1000, 'm1')) };
    const cases: [unknown, number, RegExp][] = [
      [{ rows: [] }, 400, /push body must be a JSON array/],
      [[good, 'x'], 400, /rows\[1\] must be an object/],
      [[good, {}], 400, /rows\[1\]\.newDocumentState: must be a JSON object/],
      [
        [good, { newDocumentState: good.newDocumentState, extra: 1 }],
        400,
        /rows\[1\] has unknown field\(s\) extra/,
      ],
      [
        [good, { newDocumentState: { ...good.newDocumentState, id: 'adjustment:two', amount: 1.5 } }],
        400,
        /rows\[1\]\.newDocumentState: \/amount must be integer/,
      ],
      [
        [good, { newDocumentState: { ...good.newDocumentState, id: 'adjustment:three', amount: 0 } }],
        400,
        /an adjustment of zero changes nothing/,
      ],
      [
        // (An adjustment may name a bucket since #11; it never has an action kind.)
        [
          good,
          { newDocumentState: { ...good.newDocumentState, id: 'adjustment:four', actionKind: 'ai_reply' } },
        ],
        400,
        /bucket and actionKind must be ''/,
      ],
      [
        [good, { newDocumentState: { ...good.newDocumentState, id: 'adjustment:five', surprise: true } }],
        400,
        /must NOT have additional properties/,
      ],
      [
        [good, { newDocumentState: { ...good.newDocumentState, _deleted: 'no' } }],
        400,
        /_deleted must be true or false/,
      ],
      [[good, good], 400, /rows\[1\] repeats document id "adjustment:ok"/],
      [
        [good, { ...good, assumedMasterState: wire(adjustment('other', 1, 'm1')) }],
        400,
        /assumedMasterState\.id must equal/,
      ],
      [
        [good, { newDocumentState: { ...good.newDocumentState, _attachments: { a: {} } } }],
        400,
        /attachments are not synced/,
      ],
      [
        Array.from({ length: 6 }, (_, i) => ({ newDocumentState: wire(adjustment(`n${i}`, 1, 'm1')) })),
        413,
        /at most 5 rows; this one has 6/,
      ],
    ];
    for (const [body, status, words] of cases)
      await refused(team, api.post(push('ledger'), body), status, words);
    await refused(
      team,
      api.post(push('referrals'), [
        { newDocumentState: wire({ ...referral('r', 'paid', 1, 'm'), status: 'won' }) },
      ]),
      400,
      /status must be equal to one of the allowed values/,
    );
    await refused(
      team,
      api.post(push('settings'), [{ newDocumentState: wire({ ...settings('m', 1), anchorDay: 32 }) }]),
      400,
      /anchorDay/,
    );
    await refused(
      team,
      api.post(push('ratecards'), [{ newDocumentState: wire({ ...rateCardDoc(), id: 'other' }) }]),
      400,
      /card\.version "default-1" must equal the document id "other"/,
    );
    await refused(
      team,
      api.post(push('ratecards'), [
        { newDocumentState: wire({ ...rateCardDoc(), card: { version: 'default-1' } }) },
      ]),
      400,
      /card\./,
    );
    await refused(
      team,
      api.post(push('alerts'), [{ newDocumentState: wire({ ...alert(0, 50, 'm'), threshold: 0 }) }]),
      400,
      /threshold/,
    );
    await refused(team, api.post(push('ledger'), '{"not json'), 400, /not valid JSON/);
    await refused(
      team,
      api.post(push('ledger'), 'text', { 'content-type': 'text/plain' }),
      415,
      /must be JSON/,
    );
    await refused(
      team,
      api.post(push('ledger'), `[${'"x",'.repeat(20_000)}"x"]`),
      413,
      /larger than the limit of 65536 bytes/,
    );
    expect((await api.get(pull('ledger'))).body).toEqual({ documents: [], checkpoint: null });
  });

  test('ledger entries are immutable: a changed payload under an existing id is a conflict, a replay is a no-op', async () => {
    const { api, teamId, tokenId } = await endpoint.team();
    const pushed = wire(adjustment('fixed', 1_000_000, 'm1'));
    expect((await api.post(push('ledger'), [{ newDocumentState: pushed }])).body).toEqual([]);
    // The master carries the endpoint's provenance stamp.
    const grant = { ...pushed, tokenId, tokenLabel: 'test' };
    const head = await endpoint.store.head(teamId);
    // Same fact, same provenance: a replayed push changes nothing.
    expect((await api.post(push('ledger'), [{ newDocumentState: pushed }])).body).toEqual([]);
    expect((await api.post(push('ledger'), [{ newDocumentState: grant }])).body).toEqual([]);
    // Same fact recorded by another machine: the master keeps its copy and says so.
    const sameFact = { ...pushed, machineId: 'm2', recordedAt: 5 };
    expect((await api.post(push('ledger'), [{ newDocumentState: sameFact }])).body).toEqual([grant]);
    // A different amount under the same id: conflict, even with the right assumed master state.
    const changed = { ...grant, amount: 2_000_000 };
    expect(
      (await api.post(push('ledger'), [{ assumedMasterState: grant, newDocumentState: changed }])).body,
    ).toEqual([grant]);
    // Deleting an entry is refused the same way.
    expect(
      (
        await api.post(push('ledger'), [
          { assumedMasterState: grant, newDocumentState: { ...grant, _deleted: true } },
        ])
      ).body,
    ).toEqual([grant]);
    expect(await endpoint.store.head(teamId)).toBe(head);
  });

  test('mutable documents: written against the right master, a conflict against a stale one', async () => {
    const { api } = await endpoint.team();
    const v1 = wire(referral('r1', 'invited', 10, 'm1'));
    expect((await api.post(push('referrals'), [{ newDocumentState: v1 }])).body).toEqual([]);
    const v2 = wire(referral('r1', 'signed_up', 20, 'm1'));
    expect(
      (await api.post(push('referrals'), [{ assumedMasterState: v1, newDocumentState: v2 }])).body,
    ).toEqual([]);
    const stale = wire(referral('r1', 'paid', 30, 'm2'));
    expect(
      (await api.post(push('referrals'), [{ assumedMasterState: v1, newDocumentState: stale }])).body,
    ).toEqual([v2]);
    expect((await api.post(push('referrals'), [{ newDocumentState: stale }])).body).toEqual([v2]);
    // Replaying the accepted push after its answer was lost is not a conflict.
    expect(
      (await api.post(push('referrals'), [{ assumedMasterState: v1, newDocumentState: v2 }])).body,
    ).toEqual([]);
    // A deletion is answered with the master so the client restores it; an unknown deleted doc is ignored.
    expect(
      (
        await api.post(push('referrals'), [
          { assumedMasterState: v2, newDocumentState: { ...v2, _deleted: true } },
        ])
      ).body,
    ).toEqual([v2]);
    expect(
      (
        await api.post(push('referrals'), [
          { newDocumentState: { ...wire(referral('gone', 'invited', 1, 'm')), _deleted: true } },
        ])
      ).body,
    ).toEqual([]);
    const all = (await api.get(pull('referrals'))).body as { documents: unknown[] };
    expect(all.documents).toEqual([v2]);
  });

  test('a referral never moves back, even pushed against the right master state', async () => {
    const { api, teamId } = await endpoint.team();
    const paid = wire(referral('r2', 'paid', 30, 'm1'));
    expect((await api.post(push('referrals'), [{ newDocumentState: paid }])).body).toEqual([]);
    const head = await endpoint.store.head(teamId);
    const back = wire(referral('r2', 'signed_up', 40, 'm2'));
    expect(
      (await api.post(push('referrals'), [{ assumedMasterState: paid, newDocumentState: back }])).body,
    ).toEqual([paid]);
    // Same status with its paid time dropped is taking progress back too.
    const lostTime = { ...paid, paidAt: null, updatedAt: 50 };
    expect(
      (await api.post(push('referrals'), [{ assumedMasterState: paid, newDocumentState: lostTime }])).body,
    ).toEqual([paid]);
    expect(await endpoint.store.head(teamId)).toBe(head);
    // Forward edits still land (a new name on a paid referral).
    const renamed = { ...paid, name: 'Renamed', updatedAt: 60 };
    expect(
      (await api.post(push('referrals'), [{ assumedMasterState: paid, newDocumentState: renamed }])).body,
    ).toEqual([]);
  });

  test('the stream starts with RESYNC, then sends documents with their checkpoint; limited per token', async () => {
    const { api, token, tokenId } = await endpoint.team();
    const controller = new AbortController();
    const response = await fetch(`${endpoint.url}/v1/collections/ledger/stream`, {
      headers: { authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    let text = '';
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    };
    await readUntil(/data: "RESYNC"\n\n/);
    const doc = wire(adjustment('live', 1000, 'm1'));
    await api.post(push('ledger'), [{ newDocumentState: doc }]);
    await readUntil(/data: \{"documents".*\n\n/);
    const event = JSON.parse(/data: (\{"documents".*)\n\n/.exec(text)![1]!) as {
      documents: unknown[];
      checkpoint: { seq: number };
    };
    expect(event.documents).toEqual([{ ...doc, tokenId, tokenLabel: 'test' }]);
    expect(event.checkpoint.seq).toBeGreaterThan(0);
    controller.abort();

    const small = await startTestEndpoint(kind, pg, { streamsPerToken: 1 });
    try {
      const team = await small.team();
      const first = new AbortController();
      const open = await fetch(`${small.url}/v1/collections/ledger/stream`, {
        headers: { authorization: `Bearer ${team.token}` },
        signal: first.signal,
      });
      expect(open.status).toBe(200);
      const second = await team.api.get('/v1/collections/referrals/stream');
      expect(second.status).toBe(429);
      expect((second.body as { message: string }).message).toMatch(
        /already has 1 open streams, the most allowed/,
      );
      first.abort();
    } finally {
      await small.close();
    }
  });

  test('requests beyond the per-token rate limit get 429; other tokens are not affected', async () => {
    const limited = await startTestEndpoint(kind, pg, { requestsPerMinute: 3 });
    try {
      const a = await limited.team();
      const b = await limited.team();
      for (let i = 0; i < 3; i++) expect((await a.api.get(pull('ledger'))).status).toBe(200);
      const over = await a.api.get(pull('ledger'));
      expect(over.status).toBe(429);
      expect((over.body as { message: string }).message).toMatch(
        /rate limit of 3 requests per minute for this token exceeded; retry in \d+ s/,
      );
      expect((await b.api.get(pull('ledger'))).status).toBe(200);
      expect((await fetch(`${limited.url}/healthz`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
