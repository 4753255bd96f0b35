import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHostProcess, tinyRenderer, type HostProcess } from './support/host-process';
import { openApi } from './support/api-socket';
import { TOKEN_ROTATED_CLOSE } from '../../src-main/web-host/server';

const dataDir = mkdtempSync(join(tmpdir(), 'creditdesk-link-'));
const rendererDir = tinyRenderer();
const hosts: HostProcess[] = [];
afterAll(async () => {
  for (const h of hosts) await h.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(rendererDir, { recursive: true, force: true });
});

async function start(): Promise<HostProcess> {
  const host = await startHostProcess({ dataDir, rendererDir });
  hosts.push(host);
  return host;
}

describe('the printed link of the same data folder', () => {
  it('is the same after a restart, so an open tab reconnects; rotating it ends the old one', async () => {
    const first = await start();
    const tab = await openApi(first.port, first.token);
    expect(await tab.call('recordUsage', { action: { kind: 'ai_label' } })).toMatchObject({ ok: true });
    await first.stop();
    // The tab sees the host go away (the page shows its "disconnected" banner on this).
    expect(await tab.closed).not.toBe(1000);

    const second = await start();
    expect(second.openUrl).toBe(first.openUrl);
    const reloaded = await openApi(second.port, first.token);
    const page = await reloaded.call('listLedger', { filter: { kinds: ['usage'] } });
    expect(page).toMatchObject({ ok: true, value: { total: 1 } });
    const saved = join(dataDir, 'web-host.json');
    expect(statSync(saved).mode & 0o777).toBe(0o600);

    const rotated = await reloaded.call('rotateBrowserLink', {});
    expect(rotated.ok).toBe(true);
    const { openUrl } = (rotated as { value: { openUrl: string } }).value;
    expect(openUrl).not.toBe(first.openUrl);
    expect(new URL(openUrl).port).toBe(String(second.port));
    expect(await reloaded.closed).toBe(TOKEN_ROTATED_CLOSE);
    const newToken = new URLSearchParams(new URL(openUrl).hash.slice(1)).get('token')!;
    await expect(openApi(second.port, first.token)).rejects.toThrow('HTTP 401');
    (await openApi(second.port, newToken)).close();
    expect(JSON.parse(readFileSync(saved, 'utf8'))).toEqual({ port: second.port, token: newToken });
    await second.stop();

    // Rotated stays rotated across a restart.
    const third = await start();
    expect(third.openUrl).toBe(openUrl);
    await third.stop();
  });

  it('moves to a free port when another program took the saved one, and keeps the token', async () => {
    const before = JSON.parse(readFileSync(join(dataDir, 'web-host.json'), 'utf8')) as {
      port: number;
      token: string;
    };
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(before.port, '127.0.0.1', () => resolve()));
    try {
      const host = await start();
      expect(host.port).not.toBe(before.port);
      expect(host.token).toBe(before.token);
      await host.stop();
    } finally {
      squatter.close();
    }
  });
});
