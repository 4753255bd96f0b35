import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../src-main/web-host/server';
import { openTestCore, type TestCore } from '../core/core-fixture';
import { decodeFrame, encodeFrame, type ServerFrame } from '../../src-shared/api/wire';

let t: TestCore;
let host: WebHost;

beforeAll(async () => {
  t = await openTestCore();
  const renderer = mkdtempSync(join(tmpdir(), 'creditdesk-renderer-'));
  mkdirSync(join(renderer, 'assets'));
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Creditdesk</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  host = await startWebHost({ dispatch: t.core.dispatch, events: t.core.events, rendererDir: renderer });
});
afterAll(async () => {
  await host.close();
  await t.close();
});

function get(
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method,
        headers: { host: `127.0.0.1:${host.port}`, ...headers },
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Opens the API socket; resolves with the socket, or rejects with the HTTP status of the refusal. */
function connect(query: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const origin = () => `http://127.0.0.1:${host.port}`;

describe('web host', () => {
  it('is bound to the loopback interface only', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(host.openUrl).toContain(`#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(40);
  });

  it('serves the renderer with its security headers', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>Creditdesk</title>');
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each([
    ['/../../etc/passwd', 400],
    ['/%2e%2e/%2e%2e/etc/passwd', 400],
    ['/missing.js', 404],
  ])('refuses %s with %i', async (path, status) => {
    expect((await get(path)).status).toBe(status);
  });

  it('refuses other methods and unknown hosts (DNS rebinding)', async () => {
    expect((await get('/', {}, 'POST')).status).toBe(405);
    expect((await get('/', { host: `evil.example:${host.port}` })).status).toBe(421);
  });

  it('refuses the API without the token', async () => {
    await expect(connect('', { origin: origin() })).rejects.toThrow('HTTP 401');
  });

  it('refuses the API with a wrong token', async () => {
    await expect(connect(`?token=${'x'.repeat(43)}`, { origin: origin() })).rejects.toThrow('HTTP 401');
  });

  it('refuses the API from another origin, even with the token', async () => {
    await expect(connect(`?token=${host.token}`, { origin: 'http://evil.example' })).rejects.toThrow(
      'HTTP 403',
    );
    await expect(connect(`?token=${host.token}`, {})).rejects.toThrow('HTTP 403');
  });

  it('refuses the API under another host name, even with token and origin', async () => {
    await expect(connect(`?token=${host.token}`, { origin: origin(), host: 'evil.example' })).rejects.toThrow(
      'HTTP 421',
    );
  });

  it('answers calls and pushes events with the token and the right origin', async () => {
    const ws = await connect(`?token=${host.token}`, { origin: origin() });
    const frames: ServerFrame[] = [];
    ws.on('message', (data) => frames.push(decodeFrame(String(data)) as ServerFrame));
    ws.send(
      encodeFrame({ type: 'call', id: 1, method: 'recordUsage', input: { action: { kind: 'ai_label' } } }),
    );
    ws.send(
      encodeFrame({ type: 'call', id: 2, method: 'recordUsage', input: { action: { kind: 'bogus' } } }),
    );
    await expect.poll(() => frames.filter((f) => f.type === 'result').length, { timeout: 5000 }).toBe(2);
    const results = frames.filter((f): f is Extract<ServerFrame, { type: 'result' }> => f.type === 'result');
    expect(results.find((r) => r.id === 1)?.envelope.ok).toBe(true);
    expect(results.find((r) => r.id === 2)?.envelope).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    await expect
      .poll(() => frames.some((f) => f.type === 'event' && f.event === 'balanceChanged'), { timeout: 5000 })
      .toBe(true);
    ws.close();
  });

  it('closes a socket that sends a malformed frame, and keeps serving others', async () => {
    const ws = await connect(`?token=${host.token}`, { origin: origin() });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('{not json');
    expect(await closed).toBe(1007);
    const again = await connect(`?token=${host.token}`, { origin: origin() });
    again.close();
  });

  it('refuses file paths from a browser: only uploads', async () => {
    const envelope = await t.core.dispatch(
      'importUsage',
      { jobId: crypto.randomUUID(), file: { path: '/etc/passwd' } },
      { transport: 'web' },
    );
    expect(envelope).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
