import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { postgresForThisFile } from './helpers/postgres';
import { startTestEndpoint, type StoreKind, type TestEndpoint, type TestTeam } from './helpers/endpoint';
import { adjustment, reversal, settings, usage, wire } from '../sync/harness/docs';
import { canonicalJson, toLedgerDoc } from '../../src-shared/db/ledger-doc';
import type { LedgerEntry } from '../../src-shared/ledger/entry';
import { SCOPES, type Scope } from '../../src-shared/ledger/entry-rules';
import { cycleFor } from '../../src-shared/ledger/cycles';

/**
 * Issue 12's trust model on both stores: scopes per route, provenance stamped by the endpoint,
 * and every forgery of the attack write-up refused with nothing written.
 */

const pg = postgresForThisFile();

const T = Date.UTC(2026, 10, 3);
const pull = (name: string) => `/v1/collections/${name}/pull?limit=100`;
const push = (name: string) => `/v1/collections/${name}/push`;

function manualGrant(id: string, amount: number): Record<string, unknown> {
  return wire(
    toLedgerDoc({
      id: `grant:manual:${id}`,
      kind: 'grant',
      bucket: 'manual',
      amount,
      reason: 'support credits',
      expiresAt: null,
      occurredAt: T,
      recordedAt: T,
      machineId: 'm1',
    }),
  );
}

const reversalOf = (usageId: string, amount: number) => wire(reversal(usageId, amount, 'm1', T + 10));

function monthly(cycleStart: number, end: number, tierId: string, amount: number): Record<string, unknown> {
  const entry: LedgerEntry = {
    id: `grant:monthly:${cycleStart}`,
    kind: 'grant',
    bucket: 'monthly',
    amount,
    tierId,
    cycleStart,
    expiresAt: end,
    occurredAt: cycleStart,
    recordedAt: T,
    machineId: 'm1',
  };
  return wire(toLedgerDoc(entry));
}

type Body = {
  statusCode: number;
  message: string;
  refused?: { index: number; id: string | null; statusCode: number; message: string }[];
};

describe.each<StoreKind>(['sqlite', 'postgres'])('trust model on %s', (kind) => {
  let endpoint: TestEndpoint;
  beforeAll(async () => {
    endpoint = await startTestEndpoint(kind, pg, { maxEntryMillicredits: 10_000_000_000 });
  }, 60_000);
  afterAll(async () => {
    await endpoint?.close();
  });

  const ledgerIds = async (team: TestTeam) =>
    ((await team.api.get(pull('ledger'))).body as { documents: { id: string }[] }).documents.map((d) => d.id);

  /** A refusal with this status and words, and nothing of the team written. */
  async function refused(
    team: TestTeam,
    request: Promise<{ status: number; body: unknown }>,
    status: number,
    words: RegExp,
  ): Promise<Body> {
    const before = await endpoint.store.head(team.teamId);
    const response = await request;
    expect(response.status).toBe(status);
    const body = response.body as Body;
    expect(body.message).toMatch(words);
    expect(await endpoint.store.head(team.teamId)).toBe(before);
    return body;
  }

  test('each scope against each route: allowed, or 403 naming the scope it needs, with nothing written', async () => {
    const admin = await endpoint.team('admin');
    const tokens: Record<Scope, TestTeam> = {
      admin,
      viewer: await endpoint.token(admin.teamId, 'viewer', 'wall screen'),
      metering: await endpoint.token(admin.teamId, 'metering', 'helpdesk'),
    };
    const allowed: Record<string, Scope[]> = {
      pull: ['admin', 'viewer'],
      push: ['admin'],
      stream: ['admin', 'viewer'],
      usage: ['admin', 'metering'],
      authorize: ['admin', 'metering'],
    };
    let n = 0;
    for (const scope of SCOPES) {
      const { api, token } = tokens[scope];
      const calls: Record<string, () => Promise<{ status: number; body: unknown }>> = {
        pull: () => api.get(pull('ledger')),
        push: () => api.post(push('ledger'), [{ newDocumentState: wire(adjustment(`s${n++}`, 1000, 'm1')) }]),
        stream: async () => {
          const controller = new AbortController();
          const response = await fetch(`${endpoint.url}/v1/collections/ledger/stream`, {
            headers: { authorization: `Bearer ${token}` },
            signal: controller.signal,
          });
          const body = response.status === 200 ? null : await response.json();
          controller.abort();
          return { status: response.status, body };
        },
        usage: () =>
          api.post('/v1/usage', {
            events: [{ eventId: `e${n++}`, occurredAt: T, action: { kind: 'ai_label' } }],
          }),
        authorize: () => api.post('/v1/authorize', { action: { kind: 'ai_label' }, at: T }),
      };
      for (const [route, call] of Object.entries(calls)) {
        const before = await endpoint.store.head(admin.teamId);
        const response = await call();
        if (allowed[route]!.includes(scope)) {
          expect(response.status, `${scope} → ${route}`).toBe(200);
        } else {
          expect(response.status, `${scope} → ${route}`).toBe(403);
          const message = (response.body as Body).message;
          for (const needed of allowed[route]!) expect(message).toContain(`"${needed}"`);
          expect(message).toContain(`this token has "${scope}"`);
          expect(await endpoint.store.head(admin.teamId)).toBe(before);
        }
      }
    }
    // A metering token cannot push any collection, a viewer neither; both write nothing.
    for (const scope of ['metering', 'viewer'] as const) {
      for (const collection of ['ledger', 'settings', 'referrals', 'ratecards', 'alerts']) {
        await refused(
          tokens[scope],
          tokens[scope].api.post(push(collection), [{ newDocumentState: wire(settings('m1', 1)) }]),
          403,
          /needs a token with the "admin" scope/,
        );
      }
    }
    // Last used is recorded per token, created and scope listed.
    // (By label: tokens made in the same millisecond list in the order of their random ids.)
    const listed = await endpoint.store.listTokens(admin.teamId);
    const byLabel = listed.map((t) => [t.label, t.scope, t.lastUsedAt !== null]).sort();
    expect(byLabel).toEqual([
      ['helpdesk', 'metering', true],
      ['test', 'admin', true],
      ['wall screen', 'viewer', true],
    ]);
  });

  test('provenance: the endpoint stamps the token that stored an entry; forged or missing stamps are replaced', async () => {
    const team = await endpoint.team();
    const other = await endpoint.token(team.teamId, 'admin', 'Dana’s laptop');
    const forged = { ...wire(adjustment('forged', 500, 'm1')), tokenId: 'someoneelse', tokenLabel: 'CEO' };
    const missing = wire(adjustment('missing', 700, 'm1'));
    expect((await team.api.post(push('ledger'), [{ newDocumentState: forged }])).body).toEqual([]);
    expect((await other.api.post(push('ledger'), [{ newDocumentState: missing }])).body).toEqual([]);
    await team.api.post('/v1/usage', {
      events: [{ eventId: 'desk-1', occurredAt: T, action: { kind: 'ai_label' } }],
    });
    const docs = ((await team.api.get(pull('ledger'))).body as { documents: Record<string, unknown>[] })
      .documents;
    const stamp = (id: string) => {
      const doc = docs.find((d) => d.id === id)!;
      return [doc.tokenId, doc.tokenLabel];
    };
    expect(stamp('adjustment:forged')).toEqual([team.tokenId, 'test']);
    expect(stamp('adjustment:missing')).toEqual([other.tokenId, 'Dana’s laptop']);
    expect(stamp('usage:desk-1')).toEqual([team.tokenId, 'test']);
    // Re-pushing with another stamp cannot change it: the master is answered as a conflict.
    const restamp = { ...forged, tokenId: other.tokenId, tokenLabel: 'Dana’s laptop' };
    const answer = (await other.api.post(push('ledger'), [{ newDocumentState: restamp }])).body as Record<
      string,
      unknown
    >[];
    expect(answer.map((d) => [d.tokenId, d.tokenLabel])).toEqual([[team.tokenId, 'test']]);
  });

  test('the attack write-up: a huge manual grant and an orphan reversal are refused and authorize stays denied', async () => {
    const team = await endpoint.team();
    const metering = await endpoint.token(team.teamId, 'metering', 'helpdesk');
    const ask = () => metering.api.post('/v1/authorize', { action: { kind: 'ai_reply' }, at: T + 100 });
    expect((await ask()).body).toMatchObject({ allowed: false });
    // By a metering token: 403 before any check.
    await refused(
      metering,
      metering.api.post(push('ledger'), [
        { newDocumentState: manualGrant('big', Number.MAX_SAFE_INTEGER) },
        { newDocumentState: reversalOf('usage:never', 5000) },
      ]),
      403,
      /"admin" scope/,
    );
    // Even by an admin: the grant is over the per-entry limit and the reversal names no usage.
    const body = await refused(
      team,
      team.api.post(push('ledger'), [
        { newDocumentState: manualGrant('big', Number.MAX_SAFE_INTEGER) },
        { newDocumentState: reversalOf('usage:never', 5000) },
      ]),
      422,
      /ledger document "grant:manual:big" refused: .*over the team's limit of 10000000000 millicredits per entry \(and 1 more\); nothing in this push was written/,
    );
    expect(body.refused).toEqual([
      expect.objectContaining({ index: 0, id: 'grant:manual:big', statusCode: 422 }),
      {
        index: 1,
        id: 'reversal:usage:never',
        statusCode: 422,
        message: 'it reverses "usage:never", which is not a recorded usage of this team',
      },
    ]);
    expect((await ask()).body).toMatchObject({ allowed: false });
    expect(await ledgerIds(team)).toEqual([]);
    // Within the limit, an admin's manual grant is stored.
    expect(
      (await team.api.post(push('ledger'), [{ newDocumentState: manualGrant('ok', 10_000_000_000) }])).body,
    ).toEqual([]);
    expect((await ask()).body).toMatchObject({ allowed: true });
  });

  test('a team may have its own, lower per-entry limit; other teams keep the endpoint default', async () => {
    const strict = await endpoint.team();
    const other = await endpoint.team();
    expect(await endpoint.store.setTeamLimit(strict.teamId, 1_000_000)).toBe(true);
    await refused(
      strict,
      strict.api.post(push('ledger'), [{ newDocumentState: manualGrant('two-k', 2_000_000) }]),
      422,
      /over the team's limit of 1000000 millicredits per entry/,
    );
    expect(
      (await other.api.post(push('ledger'), [{ newDocumentState: manualGrant('two-k', 2_000_000) }])).body,
    ).toEqual([]);
    expect(await endpoint.store.teamLimit(other.teamId)).toBeNull();
    expect(await endpoint.store.setTeamLimit('team_nope', 5)).toBe(false);
  });

  test('reversals: never larger than their usage; a usage and its reversal may arrive in one push', async () => {
    const team = await endpoint.team();
    const spent = wire(usage('u1', 1000, 'm1', T));
    await refused(
      team,
      team.api.post(push('ledger'), [
        { newDocumentState: spent },
        { newDocumentState: reversalOf('usage:u1', 1001) },
      ]),
      422,
      /gives back 1001 millicredits, more than the 1000 millicredits still refundable of "usage:u1" \(it took 1000 millicredits/,
    );
    expect(
      (
        await team.api.post(push('ledger'), [
          { newDocumentState: spent },
          { newDocumentState: reversalOf('usage:u1', 1000) },
        ])
      ).body,
    ).toEqual([]);
    // A reversal of something that is not usage, and one under a made-up id.
    await team.api.post(push('ledger'), [{ newDocumentState: manualGrant('g', 1000) }]);
    await refused(
      team,
      team.api.post(push('ledger'), [{ newDocumentState: reversalOf('grant:manual:g', 1000) }]),
      422,
      /which is a grant, not usage/,
    );
    await refused(
      team,
      team.api.post(push('ledger'), [
        { newDocumentState: { ...reversalOf('usage:u1', 10), id: 'reversal:again' } },
      ]),
      422,
      /a reversal id must be "reversal:usage:u1" \(full\) or "reversal:usage:u1:part:<requestId uuid>" \(partial\)/,
    );
  });

  test('partial reversals: the endpoint sums every stored one plus the push and refuses what exceeds the rest', async () => {
    const team = await endpoint.team();
    const part = (n: number, amount: number) => ({
      newDocumentState: {
        ...reversalOf('usage:p1', amount),
        id: `reversal:usage:p1:part:00000000-0000-4000-8000-00000000000${n}`,
      },
    });
    expect(
      (
        await team.api.post(push('ledger'), [
          { newDocumentState: wire(usage('p1', 1000, 'm1', T)) },
          part(1, 300),
        ])
      ).body,
    ).toEqual([]);
    // 300 stored + 400 + 400 in one push: the second 400 is past the 700 left at the time it is checked.
    await refused(
      team,
      team.api.post(push('ledger'), [part(2, 400), part(3, 400)]),
      422,
      /reversal:usage:p1:part:00000000-0000-4000-8000-000000000003.*gives back 400 millicredits, more than the 300 millicredits still refundable of "usage:p1" \(it took 1000 millicredits, 700 millicredits already given back\)/,
    );
    expect((await team.api.post(push('ledger'), [part(2, 400)])).body).toEqual([]);
    // The same refund pushed again (a retry from another machine) is no excess.
    expect((await team.api.post(push('ledger'), [part(2, 400)])).body).toEqual([]);
    // A "full" reversal now may only give back the 300 that remain.
    await refused(
      team,
      team.api.post(push('ledger'), [{ newDocumentState: reversalOf('usage:p1', 1000) }]),
      422,
      /more than the 300 millicredits still refundable/,
    );
    expect(
      (await team.api.post(push('ledger'), [{ newDocumentState: reversalOf('usage:p1', 300) }])).body,
    ).toEqual([]);
    await refused(team, team.api.post(push('ledger'), [part(4, 1)]), 422, /more than the 0 millicredits/);
  });

  test('concurrent partial reversals of one usage: together they never give back more than it took', async () => {
    const team = await endpoint.team();
    expect(
      (await team.api.post(push('ledger'), [{ newDocumentState: wire(usage('c1', 1000, 'm1', T)) }])).body,
    ).toEqual([]);
    // Ten machines each refund 300 at once: only three fit in 1000, whatever order they arrive in.
    const parts = Array.from({ length: 10 }, (_, n) => ({
      newDocumentState: {
        ...reversalOf('usage:c1', 300),
        id: `reversal:usage:c1:part:00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`,
      },
    }));
    const answers = await Promise.all(parts.map((part) => team.api.post(push('ledger'), [part])));
    const accepted = answers.filter((a) => a.status === 200);
    expect(accepted).toHaveLength(3);
    for (const refusedAnswer of answers.filter((a) => a.status !== 200)) {
      expect(refusedAnswer.status).toBe(422);
      expect((refusedAnswer.body as Body).message).toMatch(/more than the 100 millicredits still refundable/);
    }
    const stored = (await ledgerIds(team)).filter((id) => id.startsWith('reversal:usage:c1:part:'));
    expect(stored).toHaveLength(3);
  });

  test('usage is re-priced on arrival: a mis-priced one is refused; a zero-priced future event then the real event is a conflict', async () => {
    const team = await endpoint.team();
    await refused(
      team,
      team.api.post(push('ledger'), [{ newDocumentState: wire(usage('cheap', 1, 'm1', T)) }]),
      422,
      /rate card default-1 prices this action at 1000 millicredits \(rule ai_prioritize:base\); the entry says 1 millicredits/,
    );
    const zero = wire(usage('future-evt', 0, 'm1', T + 5_000_000));
    await refused(
      team,
      team.api.post(push('ledger'), [{ newDocumentState: zero }]),
      422,
      /prices this action at 1000/,
    );
    // A card the team does not have is "retry later" (409), not a rule break.
    const unknownCard = { ...wire(usage('other-card', 1000, 'm1', T)), rateCardVersion: 'custom-9' };
    const retry = await refused(
      team,
      team.api.post(push('ledger'), [{ newDocumentState: unknownCard }]),
      409,
      /custom-9/,
    );
    expect(retry.refused?.[0]).toMatchObject({ index: 0, id: 'usage:other-card', statusCode: 409 });
    // A zero-priced row stored before the endpoint checked prices (written straight to the store):
    // the real event is a conflict that names what is stored, never "duplicate" with the new price.
    const legacy = {
      ...zero,
      id: 'usage:legacy-evt',
      sourceEventId: 'legacy-evt',
      action: { kind: 'ai_reply' },
      actionKind: 'ai_reply',
      ruleId: 'ai_reply:base',
    };
    await endpoint.store.write(
      team.teamId,
      'ledger',
      [{ id: 'usage:legacy-evt', body: canonicalJson(legacy), row: { newDocumentState: legacy as never } }],
      () => 'write',
    );
    const real = await team.api.post('/v1/usage', {
      events: [{ eventId: 'legacy-evt', occurredAt: T + 5_000_000, action: { kind: 'ai_reply' } }],
    });
    expect((real.body as { results: unknown[] }).results).toEqual([
      expect.objectContaining({
        status: 'conflict',
        millicredits: 0,
        message: expect.stringMatching(/0 millicredits stored/),
      }),
    ]);
    // The future event itself, never pushed, is recorded at its real price.
    const future = await team.api.post('/v1/usage', {
      events: [{ eventId: 'future-evt', occurredAt: T + 5_000_000, action: { kind: 'ai_prioritize' } }],
    });
    expect((future.body as { results: unknown[] }).results).toEqual([
      expect.objectContaining({ status: 'recorded', millicredits: 1000 }),
    ]);
  });

  test('monthly grants must be what the plan timeline gives for their cycle', async () => {
    const team = await endpoint.team();
    const cycle = cycleFor(1, T);
    const grant = monthly(cycle.start, cycle.end, 'pro', 15_000_000);
    // Before the team's settings arrive, the plan is unknown: retry later.
    await refused(
      team,
      team.api.post(push('ledger'), [{ newDocumentState: grant }]),
      409,
      /settings \(plan\) have not been synced/,
    );
    await team.api.post(push('settings'), [
      { newDocumentState: wire(settings('m1', 1, { tierId: 'pro', anchorDay: 1 })) },
    ]);
    await refused(
      team,
      team.api.post(push('ledger'), [
        { newDocumentState: monthly(cycle.start, cycle.end, 'pro', 50_000_000) },
      ]),
      422,
      /not what the plan timeline gives: the grant is 15000000 millicredits, not 50000000/,
    );
    await refused(
      team,
      team.api.post(push('ledger'), [
        { newDocumentState: monthly(cycle.start, cycle.end, 'enterprise', 50_000_000) },
      ]),
      422,
      /tier "pro"/,
    );
    await refused(
      team,
      team.api.post(push('ledger'), [
        { newDocumentState: monthly(cycle.start + 86_400_000, cycle.end, 'pro', 15_000_000) },
      ]),
      422,
      /no billing cycle starts at/,
    );
    expect((await team.api.post(push('ledger'), [{ newDocumentState: grant }])).body).toEqual([]);
  });

  test('sums that would leave the safe integer range are refused, and nothing of that push is written', async () => {
    const roomy = await startTestEndpoint(kind, pg, { maxEntryMillicredits: Number.MAX_SAFE_INTEGER });
    try {
      const team = await roomy.team();
      const half = Math.floor(Number.MAX_SAFE_INTEGER / 2);
      expect(
        (await team.api.post(push('ledger'), [{ newDocumentState: manualGrant('a', half) }])).body,
      ).toEqual([]);
      const head = await roomy.store.head(team.teamId);
      const response = await team.api.post(push('ledger'), [
        { newDocumentState: manualGrant('b', 1000) },
        { newDocumentState: manualGrant('c', half) },
      ]);
      expect(response.status).toBe(422);
      expect((response.body as Body).message).toMatch(
        /"grant:manual:c" refused: .*past the safe integer range/,
      );
      expect(await roomy.store.head(team.teamId)).toBe(head);
      // Metered usage is held to the same bound.
      const usageAnswer = await team.api.post('/v1/usage', {
        events: [{ eventId: 'fits', occurredAt: T, action: { kind: 'ai_label' } }],
      });
      expect(usageAnswer.status).toBe(200);
    } finally {
      await roomy.close();
    }
  });
});
