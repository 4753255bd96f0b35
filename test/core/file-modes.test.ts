import { afterEach, describe, expect, it } from 'vitest';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../src-main/core/app';
import { fileSecretStore } from '../../src-main/core/secrets';
import { BrowserLinkStore } from '../../src-main/web-host/browser-link';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const mode = (path: string): number => statSync(path).mode & 0o777;

/** Every file and folder under `root`, with its permission bits. */
function modes(root: string): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      out.set(path.slice(root.length + 1), mode(path));
      if (statSync(path).isDirectory()) walk(path);
    }
  };
  walk(root);
  return out;
}

async function openAndUse(dataDir: string): Promise<void> {
  const core = await createCore({
    dataDir,
    mode: 'web',
    secretStore: fileSecretStore(dataDir),
    devMode: true,
  });
  const call = (method: string, input: unknown) => core.dispatch(method, input, { transport: 'test' });
  await call('recordUsage', { action: { kind: 'ai_label' } });
  await call('configureSync', { endpoint: null, token: 'a-secret-token-value' });
  await call('setHosting', { enabled: true });
  await call('beginUpload', { name: 'a.pdf', size: 10 });
  await call('setHosting', { enabled: false });
  await core.close();
}

describe('data at rest is private to its user', () => {
  it.skipIf(process.platform === 'win32')(
    'a new data folder: folders 0700, the ledger, its WAL and every other file 0600',
    async () => {
      const parent = mkdtempSync(join(tmpdir(), 'creditdesk-modes-'));
      dirs.push(parent);
      const dataDir = join(parent, 'data');
      // A permissive umask must not leak into what the app creates.
      const umask = process.umask(0o022);
      try {
        await openAndUse(dataDir);
        new BrowserLinkStore(dataDir);
      } finally {
        process.umask(umask);
      }
      expect(mode(dataDir)).toBe(0o700);
      const all = modes(dataDir);
      expect([...all.keys()]).toEqual(
        expect.arrayContaining([
          'db',
          join('db', 'creditdesk.sqlite'),
          'machine.json',
          'sync-token',
          'web-host.json',
          'endpoint',
          'uploads',
        ]),
      );
      for (const [path, bits] of all) {
        const isDir = statSync(join(dataDir, path)).isDirectory();
        expect({ path, bits: bits.toString(8) }).toEqual({ path, bits: isDir ? '700' : '600' });
      }
    },
  );

  it.skipIf(process.platform === 'win32')('tightens a database an older version left 0644', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'creditdesk-modes-'));
    dirs.push(dataDir);
    await openAndUse(dataDir);
    const db = join(dataDir, 'db');
    chmodSync(db, 0o755);
    for (const name of readdirSync(db)) chmodSync(join(db, name), 0o644);
    const wal = join(db, 'creditdesk.sqlite-wal');
    if (!existsSync(wal)) closeSync(openSync(wal, 'a', 0o644));
    await openAndUse(dataDir);
    expect(mode(db)).toBe(0o700);
    for (const name of readdirSync(db))
      expect({ name, bits: mode(join(db, name)).toString(8) }).toEqual({ name, bits: '600' });
  });

  it.skipIf(process.platform === 'win32')(
    "the endpoint's own store (npm run server) is private too",
    async () => {
      const { startServer } = await import('../../src-server');
      const dir = join(mkdtempSync(join(tmpdir(), 'creditdesk-modes-')), 'endpoint-data');
      dirs.push(dir);
      mkdirSync(join(dir, '..'), { recursive: true });
      const server = await startServer({ port: 0, data: dir });
      await server.admin.createTeam('Team');
      await server.close();
      expect(mode(dir)).toBe(0o700);
      for (const name of readdirSync(dir))
        expect({ name, bits: mode(join(dir, name)).toString(8) }).toEqual({ name, bits: '600' });
    },
  );
});
