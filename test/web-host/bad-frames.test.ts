import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHostProcess, tinyRenderer, type HostProcess } from './support/host-process';
import { openApi, type ApiClient } from './support/api-socket';
import { BAD_FRAMES, sendRawFrame } from './support/raw-frames';

let host: HostProcess;
let bystander: ApiClient;
const dataDir = mkdtempSync(join(tmpdir(), 'creditdesk-frames-'));
const rendererDir = tinyRenderer();

beforeAll(async () => {
  host = await startHostProcess({ dataDir, rendererDir });
  bystander = await openApi(host.port, host.token);
});
afterAll(async () => {
  bystander?.close();
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(rendererDir, { recursive: true, force: true });
});

/** RFC 6455 close codes: 1009 too big, 1007 invalid data, 1002 protocol error, 1003 unacceptable type. */
const EXPECTED_CLOSE: Record<string, number> = {
  'oversized (3 MiB text)': 1009,
  'invalid UTF-8': 1007,
  'RSV1 set': 1002,
  binary: 1003,
  '10 MB string': 1009,
  'broken JSON': 1007,
  'not a call': 1007,
};

describe('a bad frame closes only its own socket', () => {
  it.each(Object.keys(BAD_FRAMES))('%s', async (name) => {
    const code = await sendRawFrame(host.port, host.token, BAD_FRAMES[name]!());
    expect(code).toBe(EXPECTED_CLOSE[name]);
    expect(host.alive()).toBe(true);
    // The socket that was open all along still answers, and so does a new one.
    expect(await bystander.call('getOverview', {})).toMatchObject({ ok: true });
    const next = await openApi(host.port, host.token);
    expect(await next.call('recordUsage', { action: { kind: 'ai_label' } })).toMatchObject({ ok: true });
    next.close();
  });

  it('an inline 30,000-address call (2.8 MB, the old form) loses its socket, not the app', async () => {
    const client = await openApi(host.port, host.token);
    const urls = Array.from(
      { length: 30_000 },
      (_, i) =>
        `https://help.example.com/hc/en-us/articles/${360000000 + i}-How-to-set-up-your-account-and-invite-your-team`,
    );
    const answer = await client.call('estimateWebsite', {
      jobId: crypto.randomUUID(),
      urls,
      avgChars: 4000,
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await client.closed).toBe(1009);
    expect(host.alive()).toBe(true);
    expect(await bystander.call('getOverview', {})).toMatchObject({ ok: true });
  });

  it('a peer that resets mid-handshake does not take the host down', async () => {
    const { connect } = await import('node:net');
    for (let i = 0; i < 20; i++) {
      const socket = connect(host.port, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.write(`GET /api?token=wrong HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\n`);
      socket.resetAndDestroy();
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(host.alive()).toBe(true);
    expect(await bystander.call('getOverview', {})).toMatchObject({ ok: true });
  });

  it('the ledger holds exactly the usage recorded between the bad frames', async () => {
    const page = await bystander.call('listLedger', { filter: { kinds: ['usage'] }, limit: 100 });
    expect(page).toMatchObject({ ok: true, value: { total: Object.keys(BAD_FRAMES).length } });
  });
});
