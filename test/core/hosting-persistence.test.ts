import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../src-main/core/app';
import { fileSecretStore } from '../../src-main/core/secrets';
import type { MethodInput, MethodName, MethodOutput } from '../../src-shared/api';

const dirs: string[] = [];
const open: Core[] = [];
afterEach(async () => {
  for (const core of open.splice(0)) await core.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'creditdesk-hosting-'));
  dirs.push(dir);
  return dir;
}

/** A desktop core on a data folder, as the app opens it (no test override of the interface). */
async function start(dataDir: string) {
  const core = await createCore({
    dataDir,
    mode: 'web',
    secretStore: fileSecretStore(dataDir),
    devMode: true,
  });
  open.push(core);
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const envelope = await core.dispatch(method, input, { transport: 'test' });
    if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
    return envelope.value as MethodOutput<M>;
  };
  const stop = async () => {
    open.splice(open.indexOf(core), 1);
    await core.close();
  };
  return { core, call, stop };
}

const canConnect = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

const lanAddress = (): string | undefined =>
  Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe('hosting set from the console', () => {
  it('binds loopback by default, and survives a restart with its port, its token and "last synced"', async () => {
    const dataDir = folder();
    const first = await start(dataDir);
    const on = await first.call('setHosting', { enabled: true });
    expect(on.hosting).toMatchObject({ running: true, reach: 'loopback' });
    const port = Number(new URL(on.hosting.url!).port);
    expect(on.hosting.url).toBe(`http://127.0.0.1:${port}`);
    expect(await canConnect('127.0.0.1', port)).toBe(true);
    const lan = lanAddress();
    if (lan) expect(await canConnect(lan, port)).toBe(false);
    await expect
      .poll(async () => (await first.call('getSyncStatus', {})).state, { timeout: 15_000 })
      .toBe('online');
    await expect
      .poll(async () => (await first.call('getSyncStatus', {})).lastSyncAt, { timeout: 15_000 })
      .not.toBeNull();
    const synced = (await first.call('getSyncStatus', {})).lastSyncAt;
    await first.stop();

    const second = await start(dataDir);
    const after = await second.call('getSyncStatus', {});
    expect(after.hosting).toMatchObject({ running: true, reach: 'loopback', url: on.hosting.url });
    expect(after.endpoint).toBe(on.endpoint);
    expect(after.lastSyncAt).not.toBeNull();
    expect(after.lastSyncAt!).toBeGreaterThanOrEqual(synced!);
    // The saved token still opens the endpoint: this machine syncs again without being set up.
    await expect
      .poll(async () => (await second.call('getSyncStatus', {})).state, { timeout: 15_000 })
      .toBe('online');
    await second.call('setHosting', { enabled: false });
    await second.stop();

    const third = await start(dataDir);
    expect((await third.call('getSyncStatus', {})).hosting.running).toBe(false);
    expect(await canConnect('127.0.0.1', port)).toBe(false);
    // Turned on again, it comes back on the same port, so teammates' links keep working.
    expect((await third.call('setHosting', { enabled: true })).hosting.url).toBe(on.hosting.url);
  });

  it('LAN is an explicit choice, and stays chosen after a restart', async () => {
    const dataDir = folder();
    const first = await start(dataDir);
    const on = await first.call('setHosting', { enabled: true, reach: 'lan' });
    expect(on.hosting.reach).toBe('lan');
    const port = Number(new URL(on.hosting.url!).port);
    const lan = lanAddress();
    if (lan) expect(await canConnect(lan, port)).toBe(true);
    await first.stop();
    const second = await start(dataDir);
    expect((await second.call('getSyncStatus', {})).hosting).toMatchObject({ running: true, reach: 'lan' });
    const saved = JSON.parse(readFileSync(join(dataDir, 'machine.json'), 'utf8')) as { hosting: unknown };
    expect(saved.hosting).toEqual({ enabled: true, reach: 'lan', port });
    // Back to loopback: the LAN can no longer reach it.
    const back = await second.call('setHosting', { enabled: true, reach: 'loopback' });
    expect(back.hosting.url).toBe(`http://127.0.0.1:${port}`);
    if (lan) expect(await canConnect(lan, port)).toBe(false);
  });

  it('a saved port taken by another program is reported at start-up; the app still opens', async () => {
    const dataDir = folder();
    const first = await start(dataDir);
    const port = Number(new URL((await first.call('setHosting', { enabled: true })).hosting.url!).port);
    await first.stop();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', () => resolve()));
    try {
      const second = await start(dataDir);
      const status = await second.call('getSyncStatus', {});
      expect(status.hosting.running).toBe(false);
      expect(status.hosting.error).toMatch(new RegExp(`port ${port}`));
      expect((await second.call('getOverview', {})).balance).toBeDefined();
    } finally {
      squatter.close();
    }
  });
});
