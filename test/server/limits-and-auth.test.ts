import { request as httpRequest } from 'node:http';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { postgresForThisFile } from './helpers/postgres';
import { startTestEndpoint, type StoreKind, type TestEndpoint } from './helpers/endpoint';

/**
 * Issue 12's limits: authentication before the body is read, rate limits that header spellings or
 * random tokens cannot get around, stream opens counted apart from requests.
 */

const pg = postgresForThisFile();

/** A POST with raw headers through node:http: the server may answer before the body is all sent. */
function rawPost(
  url: string,
  path: string,
  body: Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers },
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    // The server closing after an early 401 can cut the upload short; that is the point.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.end(body);
  });
}

/** About 7.5 MB of push rows, the kind of body a parse would have to work through. */
function bigPushBody(): Buffer {
  const rows: string[] = [];
  let size = 2;
  for (let i = 0; size < 7_500_000; i++) {
    const row = `{"newDocumentState":{"id":"adjustment:${i}","kind":"adjustment","amount":${i + 1},"reason":"x","_deleted":false}}`;
    rows.push(row);
    size += row.length + 1;
  }
  return Buffer.from(`[${rows.join(',')}]`);
}

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

describe.each<StoreKind>(['sqlite', 'postgres'])('limits and authentication on %s', (kind) => {
  let endpoint: TestEndpoint;
  beforeAll(async () => {
    endpoint = await startTestEndpoint(kind, pg, {
      requestsPerMinute: 6,
      failedAuthPerMinute: 4,
      streamOpensPerMinute: 2,
    });
  }, 60_000);
  afterAll(async () => {
    await endpoint?.close();
  });

  test('the Authorization header’s spelling buys no new allowance: the limit is per token id', async () => {
    const team = await endpoint.team();
    const spellings = [
      `Bearer ${team.token}`,
      `bearer ${team.token}`,
      `BEARER ${team.token}`,
      `Bearer    ${team.token}   `,
      `Bearer\t${team.token}`,
      `bEaReR ${team.token}`,
    ];
    for (const header of spellings) {
      expect((await team.api.get('/v1/collections/ledger/pull', { authorization: header })).status).toBe(200);
    }
    for (const header of spellings) {
      const response = await team.api.get('/v1/collections/ledger/pull', { authorization: header });
      expect(response.status).toBe(429);
      expect((response.body as { message: string }).message).toMatch(
        /rate limit of 6 requests per minute for this token exceeded; retry in \d+ s/,
      );
    }
    // Another token of the same team has its own allowance.
    const other = await endpoint.token(team.teamId, 'viewer', 'other');
    expect((await other.api.get('/v1/collections/ledger/pull')).status).toBe(200);
  });

  test('stream opens count apart from requests', async () => {
    const team = await endpoint.team();
    const open = async () => {
      const controller = new AbortController();
      const response = await fetch(`${endpoint.url}/v1/collections/ledger/stream`, {
        headers: { authorization: `Bearer ${team.token}` },
        signal: controller.signal,
      });
      const status = response.status;
      const body = status === 200 ? null : ((await response.json()) as { message: string });
      controller.abort();
      return { status, body };
    };
    expect((await open()).status).toBe(200);
    expect((await open()).status).toBe(200);
    const third = await open();
    expect(third.status).toBe(429);
    expect(third.body?.message).toMatch(/rate limit of 2 stream opens per minute/);
    // The token's request allowance is untouched by the streams.
    for (let i = 0; i < 6; i++) expect((await team.api.get('/v1/collections/ledger/pull')).status).toBe(200);
  });

  test('random tokens from one address get 429 after the limit, before any token lookup; a known token still passes', async () => {
    const team = await endpoint.team();
    // Known to the endpoint before the flood.
    expect((await team.api.get('/v1/collections/ledger/pull')).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const bogus = `cdk_${randomBytes(6).toString('hex')}_${randomBytes(32).toString('base64url')}`;
      const response = await fetch(`${endpoint.url}/v1/collections/ledger/pull`, {
        headers: { authorization: `Bearer ${bogus}` },
      });
      statuses.push(response.status);
      if (response.status === 429) {
        const body = (await response.json()) as { message: string };
        expect(body.message).toMatch(/too many requests without a valid token from this address/);
        expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      } else await response.arrayBuffer();
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429, 429]);
    // Runs last in this block: the address stays locked for tokens it has not seen for a minute.
    // No token at all counts as a failure too.
    expect((await fetch(`${endpoint.url}/v1/collections/ledger/pull`)).status).toBe(429);
    expect((await team.api.get('/v1/collections/ledger/pull')).status).toBe(200);
  });
});

describe.each<StoreKind>(['sqlite', 'postgres'])('401 before the body is parsed on %s', (kind) => {
  let endpoint: TestEndpoint;
  let late: TestEndpoint;
  beforeAll(async () => {
    endpoint = await startTestEndpoint(kind, pg);
    late = await startTestEndpoint(kind, pg, {}, { unsafeLateAuth: true });
  }, 60_000);
  afterAll(async () => {
    await endpoint?.close();
    await late?.close();
  });

  test('malformed JSON without a token is 401, not 400; a scope that may not push gets 403 unparsed too', async () => {
    const path = '/v1/collections/ledger/push';
    const response = await rawPost(endpoint.url, path, Buffer.from('{"not json'));
    expect(response.status).toBe(401);
    expect(JSON.parse(response.text)).toMatchObject({
      message: expect.stringMatching(/missing bearer token/),
    });
    const viewer = await endpoint.team('viewer');
    const forbidden = await rawPost(endpoint.url, path, Buffer.from('{"not json'), {
      authorization: `Bearer ${viewer.token}`,
    });
    expect(forbidden.status).toBe(403);
    // The same body with a token that may push is a 400 naming the JSON problem.
    const admin = await endpoint.team();
    const bad = await rawPost(endpoint.url, path, Buffer.from('{"not json'), {
      authorization: `Bearer ${admin.token}`,
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/not valid JSON/);
  });

  test(`20 unauthenticated 7.5 MB requests are answered 401; CPU before/after printed`, async () => {
    const body = bigPushBody();
    const path = '/v1/collections/ledger/push';
    const measure = async (target: TestEndpoint) => {
      const start = process.cpuUsage();
      const began = performance.now();
      for (let i = 0; i < 20; i++) {
        const response = await rawPost(target.url, path, body);
        expect(response.status).toBe(401);
      }
      return { cpu: cpuMs(process.cpuUsage(start)), wall: performance.now() - began };
    };
    // Warm both paths once so neither pays first-request costs in the figures.
    await rawPost(late.url, path, body);
    await rawPost(endpoint.url, path, body);
    const before = await measure(late);
    const after = await measure(endpoint);
    const mb = (body.length / 1e6).toFixed(1);
    console.log(
      `[${kind}] 20 unauthenticated ${mb} MB pushes, test process CPU (client + in-process server): ` +
        `before (auth after parsing) ${before.cpu.toFixed(0)} ms CPU / ${before.wall.toFixed(0)} ms wall; ` +
        `after (401 before the body) ${after.cpu.toFixed(0)} ms CPU / ${after.wall.toFixed(0)} ms wall`,
    );
  }, 120_000);
});
