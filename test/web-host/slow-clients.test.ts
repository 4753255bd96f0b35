import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost, type WebHost } from '../../src-main/web-host/server';
import { MAX_CALLS_IN_FLIGHT } from '../../src-main/web-host/api-socket';
import { createEventBus } from '../../src-main/core/events';
import type { Dispatch } from '../../src-main/core/api/dispatcher';
import { startServer, type ServerHandle } from '../../src-server';
import { openApi } from './support/api-socket';
import { tinyRenderer } from './support/host-process';
import { openTestCore, type TestCore } from '../core/core-fixture';

/** Resolves with how long the server took to end a connection that sent `text` and then nothing. */
function stall(port: number, text: string): Promise<number> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    socket.once('close', () => resolve(Date.now() - started));
  });
}

describe('the web host closes slow and idle connections', () => {
  let host: WebHost;
  let release: () => void = () => undefined;
  beforeAll(async () => {
    const held = new Promise<void>((resolve) => (release = resolve));
    // A dispatcher that answers once released: calls pile up as behind a slow handler.
    const dispatch: Dispatch = async (method) => {
      if (method === 'slow') await held;
      return { ok: true, value: method };
    };
    host = await startWebHost({
      dispatch,
      events: createEventBus(() => undefined),
      rendererDir: tinyRenderer(),
      timeouts: { headersMs: 500, requestMs: 1000, idleMs: 1500 },
    });
  });
  afterAll(async () => {
    release();
    await host.close();
  });

  it('drops a client that never finishes its headers (slowloris)', async () => {
    const ms = await stall(host.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nX-Slow: `);
    expect(ms).toBeLessThan(5000);
  });

  it('closes an idle keep-alive connection', async () => {
    const ms = await stall(host.port, `GET /missing HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\n\r\n`);
    expect(ms).toBeGreaterThanOrEqual(1000);
    expect(ms).toBeLessThan(8000);
  });

  it(`answers calls beyond ${MAX_CALLS_IN_FLIGHT} unanswered ones with "unavailable", and keeps the socket`, async () => {
    const client = await openApi(host.port, host.token);
    const answers = Array.from({ length: MAX_CALLS_IN_FLIGHT + 6 }, () => client.call('slow', {}));
    const early = await Promise.all(answers.slice(MAX_CALLS_IN_FLIGHT));
    for (const a of early) expect(a).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    release();
    for (const a of await Promise.all(answers.slice(0, MAX_CALLS_IN_FLIGHT))) expect(a.ok).toBe(true);
    expect(await client.call('fast', {})).toEqual({ ok: true, value: 'fast' });
    client.close();
  });
});

describe('the endpoint closes slow connections', () => {
  let server: ServerHandle;
  const data = mkdtempSync(join(tmpdir(), 'creditdesk-endpoint-'));
  beforeAll(async () => {
    server = await startServer({ port: 0, data });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(data, { recursive: true, force: true });
  });

  it('drops a client that never finishes its headers within 10 s', async () => {
    const ms = await stall(server.port, `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: `);
    expect(ms).toBeGreaterThanOrEqual(9000);
    expect(ms).toBeLessThan(13_000);
  }, 20_000);
});

describe('rotating the browser link', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await openTestCore();
  });
  afterAll(async () => t.close());

  it('is refused where there is no printed link (Electron, tests)', async () => {
    expect(await t.raw('rotateBrowserLink', {})).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: expect.stringMatching(/Only the browser version/) },
    });
  });
});
