import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { postgresForThisFile } from './helpers/postgres';
import { startTestEndpoint, type StoreKind, type TestEndpoint } from './helpers/endpoint';
import { settings, wire } from '../sync/harness/docs';
import { toLedgerDoc } from '../../src-shared/db/ledger-doc';
import { TRY_AGAIN_LATER_MESSAGE } from '../../src-shared/ledger';

const pg = postgresForThisFile();

const T = Date.UTC(2025, 2, 1);
type UsageAnswer = {
  results: { eventId: string; entryId: string; status: string; millicredits: number; message?: string }[];
};

describe.each<StoreKind>(['sqlite', 'postgres'])('metering and authorisation on %s', (kind) => {
  let endpoint: TestEndpoint;
  beforeAll(async () => {
    endpoint = await startTestEndpoint(kind, pg, { usageEvents: 3 });
  }, 60_000);
  afterAll(async () => {
    await endpoint?.close();
  });

  const ledger = async (api: Awaited<ReturnType<TestEndpoint['team']>>['api']) =>
    (
      (await api.get('/v1/collections/ledger/pull?limit=100')).body as {
        documents: Record<string, unknown>[];
      }
    ).documents;

  test('usage events become priced ledger entries, idempotent by event id', async () => {
    const { api } = await endpoint.team();
    const events = [
      { eventId: 'evt-1', occurredAt: T, action: { kind: 'ai_reply' } },
      { eventId: 'evt-2', occurredAt: T + 1, action: { kind: 'conversation_embedding', count: 3 } },
    ];
    const first = await api.post('/v1/usage', { events });
    expect(first.status).toBe(200);
    expect((first.body as UsageAnswer).results).toEqual([
      { eventId: 'evt-1', entryId: 'usage:evt-1', status: 'recorded', millicredits: 5000 },
      { eventId: 'evt-2', entryId: 'usage:evt-2', status: 'recorded', millicredits: 1500 },
    ]);
    const again = await api.post('/v1/usage', { events });
    expect((again.body as UsageAnswer).results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    const changed = await api.post('/v1/usage', {
      events: [{ ...events[0], action: { kind: 'ai_label', labelCount: 3 } }],
    });
    expect((changed.body as UsageAnswer).results[0]).toMatchObject({
      status: 'conflict',
      message: expect.stringMatching(
        /already recorded with a different action, time or amount \(5000 millicredits stored\); nothing was changed/,
      ),
    });
    const entries = await ledger(api);
    expect(entries.map((e) => [e.id, e.amount, e.source, e.rateCardVersion])).toEqual([
      ['usage:evt-1', -5000, 'helpdesk', 'default-1'],
      ['usage:evt-2', -1500, 'helpdesk', 'default-1'],
    ]);
  });

  test('workspace settings fill what the event leaves out, and a site is charged once', async () => {
    const { api } = await endpoint.team();
    await api.post('/v1/collections/settings/push', [
      { newDocumentState: wire(settings('m1', 1, { labelCount: 300 })) },
    ]);
    const answer = await api.post('/v1/usage', {
      events: [
        { eventId: 'label-1', occurredAt: T, action: { kind: 'ai_label' } },
        {
          eventId: 'crawl-1',
          occurredAt: T,
          action: { kind: 'website_crawl', origin: 'https://Example.com/docs' },
        },
        {
          eventId: 'crawl-2',
          occurredAt: T,
          action: { kind: 'website_crawl', origin: 'https://example.com' },
        },
      ],
    });
    expect((answer.body as UsageAnswer).results).toEqual([
      { eventId: 'label-1', entryId: 'usage:label-1', status: 'recorded', millicredits: 3000 },
      {
        eventId: 'crawl-1',
        entryId: 'usage:crawl:https://example.com',
        status: 'recorded',
        millicredits: 1000,
      },
      {
        eventId: 'crawl-2',
        entryId: 'usage:crawl:https://example.com',
        status: 'duplicate',
        millicredits: 1000,
      },
    ]);
    const later = await api.post('/v1/usage', {
      events: [
        {
          eventId: 'crawl-3',
          occurredAt: T + 5,
          action: { kind: 'website_crawl', origin: 'https://example.com/x' },
        },
      ],
    });
    expect((later.body as UsageAnswer).results[0]?.status).toBe('duplicate');
    expect((await ledger(api)).length).toBe(2);
  });

  test('bad usage batches are 400/413/409 with a clear message and record nothing', async () => {
    const team = await endpoint.team();
    const ok = { eventId: 'fine', occurredAt: T, action: { kind: 'ai_prioritize' } };
    const cases: [unknown, number, RegExp][] = [
      [{}, 400, /usage batch: events: /],
      [{ events: [] }, 400, /events: Too small/i],
      [{ events: [ok, { ...ok, eventId: 'has space' }] }, 400, /events\.1\.eventId: use printable ASCII/],
      [{ events: [ok, { ...ok, eventId: 'b', occurredAt: -1 }] }, 400, /events\.1\.occurredAt/],
      [{ events: [ok, { ...ok, eventId: 'c', action: { kind: 'teleport' } }] }, 400, /events\.1\.action/],
      [
        { events: [ok, { ...ok, eventId: 'd', action: { kind: 'chatbot_message', model: 'gpt-9' } }] },
        400,
        /events\[1\]\.action: .*no price for chatbot model "gpt-9"/,
      ],
      [{ events: [ok, ok] }, 400, /events\[1\]\.eventId "fine" appears twice in the batch/],
      [
        { events: [ok, ok, ok, ok].map((e, i) => ({ ...e, eventId: `e${i}` })) },
        413,
        /at most 3 events; this one has 4/,
      ],
      [{ events: [ok], extra: 1 }, 400, /Unrecognized key/i],
    ];
    for (const [body, status, words] of cases) {
      const response = await team.api.post('/v1/usage', body);
      expect({ status: response.status, body: response.body }).toMatchObject({
        status,
        body: { statusCode: status },
      });
      expect((response.body as { message: string }).message).toMatch(words);
    }
    expect(await ledger(team.api)).toEqual([]);
    // A chosen rate card that has not reached the endpoint cannot price anything.
    await team.api.post('/v1/collections/settings/push', [
      { newDocumentState: wire(settings('m1', 1, { rateCardVersion: 'custom-7' })) },
    ]);
    const unpriced = await team.api.post('/v1/usage', { events: [ok] });
    expect(unpriced.status).toBe(409);
    expect((unpriced.body as { message: string }).message).toMatch(
      /rate card "custom-7" has not been synced/,
    );
    expect(await ledger(team.api)).toEqual([]);
  });

  test('authorize answers from the balance, with "try again later" when credits are out', async () => {
    const { api } = await endpoint.team();
    const at = T + 86_400_000;
    const denied = await api.post('/v1/authorize', { action: { kind: 'ai_reply' }, at });
    expect(denied.status).toBe(200);
    expect(denied.body).toMatchObject({
      allowed: false,
      message: TRY_AGAIN_LATER_MESSAGE,
      millicredits: 5000,
      balanceMillicredits: 0,
    });
    const grant = toLedgerDoc({
      id: 'grant:manual:six',
      kind: 'grant',
      bucket: 'manual',
      amount: 6000,
      reason: 'support credits for a month',
      expiresAt: T + 30 * 86_400_000,
      occurredAt: T,
      recordedAt: T,
      machineId: 'm1',
    });
    expect((await api.post('/v1/collections/ledger/push', [{ newDocumentState: wire(grant) }])).body).toEqual(
      [],
    );
    const allowed = await api.post('/v1/authorize', { action: { kind: 'ai_reply' }, at });
    expect(allowed.body).toMatchObject({
      allowed: true,
      message: null,
      millicredits: 5000,
      balanceMillicredits: 6000,
    });
    await api.post('/v1/usage', {
      events: [{ eventId: 'spend', occurredAt: T + 1000, action: { kind: 'ai_reply' } }],
    });
    const after = await api.post('/v1/authorize', { action: { kind: 'ai_reply' }, at });
    expect(after.body).toMatchObject({ allowed: false, balanceMillicredits: 1000, shortfall: 4000 });
    // The grant expires.
    const nextCycle = await api.post('/v1/authorize', {
      action: { kind: 'ai_prioritize' },
      at: T + 40 * 86_400_000,
    });
    expect(nextCycle.body).toMatchObject({ allowed: false });

    for (const [body, words] of [
      [{}, /an action is required/],
      [{ action: { kind: 'nope' } }, /authorize: action/],
      [{ action: { kind: 'ai_reply' }, at: 'now' }, /at: /],
      [{ action: { kind: 'chatbot_message', model: 'gpt-9' } }, /no price for chatbot model/],
    ] as [unknown, RegExp][]) {
      const response = await api.post('/v1/authorize', body);
      expect(response.status).toBe(400);
      expect((response.body as { message: string }).message).toMatch(words);
    }
  });
});
