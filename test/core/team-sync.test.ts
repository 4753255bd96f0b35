import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from './core-fixture';

/**
 * Two desktop cores: A hosts the endpoint in-process (embedded mode, from the settings page) and B
 * joins with a teammate token. Real HTTP, real SQLite files on both sides.
 */
let a: TestCore;
let b: TestCore;
beforeAll(async () => {
  const now = Date.now();
  a = await openTestCore(now, { hostingInterface: '127.0.0.1', databaseName: 'machine-a' });
  b = await openTestCore(now, { hostingInterface: '127.0.0.1', databaseName: 'machine-b' });
});
afterAll(async () => {
  await b.close();
  await a.close();
});

const balance = async (t: TestCore) => (await t.call('getOverview', {})).balance.total;

describe('hosting the endpoint from the desktop app', () => {
  it('starts the endpoint and syncs this machine with it', async () => {
    const status = await a.call('setHosting', { enabled: true, port: 0 });
    expect(status.hosting.running).toBe(true);
    expect(status.tokenSet).toBe(true);
    expect(status.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    await expect
      .poll(async () => (await a.call('getSyncStatus', {})).state, { timeout: 15_000 })
      .toBe('online');
  });

  it('refuses a teammate token while not hosting', async () => {
    expect(await b.raw('createTeammateToken', { label: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
  });

  it('lets a teammate join and both machines converge on one ledger', async () => {
    const { token, endpoint } = await a.call('createTeammateToken', { label: 'laptop B' });
    const joined = await b.call('configureSync', { endpoint, token });
    expect(joined.tokenSet).toBe(true);
    await a.call('recordUsage', { action: { kind: 'ai_reply' }, sourceEventId: 'a-1' });
    await b.call('recordUsage', { action: { kind: 'kb_article', count: 7 }, sourceEventId: 'b-1' });
    await b.call('purchaseBundle', { bundleId: 'b1k' });
    const ref = await a.call('addReferral', { name: 'Globex' });
    await a.call('advanceReferral', { id: ref.id, status: 'paid' });
    // Both recorded this cycle's monthly grant on their own: one fact, one entry after sync.
    const expected = 1_000_000 - 5000 - 7000 + 1_000_000 + 2_000_000;
    await expect.poll(() => balance(a), { timeout: 30_000 }).toBe(expected);
    await expect.poll(() => balance(b), { timeout: 30_000 }).toBe(expected);
    const ids = async (t: TestCore) =>
      (await t.call('listLedger', { limit: 100 })).rows.map((r) => r.id).sort();
    expect(await ids(a)).toEqual(await ids(b));
    // Every synced entry says which endpoint token recorded it, in the details and in the CSV.
    await expect
      .poll(async () => (await b.call('listLedger', { limit: 100 })).rows.every((r) => r.recordedBy), {
        timeout: 30_000,
      })
      .toBe(true);
    const rows = (await b.call('listLedger', { limit: 100 })).rows;
    expect(rows.find((r) => r.id === 'usage:b-1')?.recordedBy?.label).toBe('laptop B');
    expect(rows.find((r) => r.id === 'usage:a-1')?.recordedBy?.label).toMatch(/^desktop /);
    const csv = await b.call('exportLedgerCsv', {});
    const lines = csv.csv.trim().split('\r\n');
    expect(lines[0]).toMatch(/,recorded_by$/);
    expect(lines.find((l) => l.startsWith('usage:b-1,'))).toMatch(/,laptop B \(token [a-z0-9]{12}\)$/);
    // Referrals replicate on their own, apart from the ledger: wait for them too.
    await expect
      .poll(async () => (await b.call('listReferrals', {}))[0], { timeout: 30_000 })
      .toMatchObject({ name: 'Globex', status: 'paid', awarded: true });
  });

  it('shows each machine the names teammates gave, converging on concurrent renames', async () => {
    const idA = (await a.call('getAppInfo', {})).machineId;
    const idB = (await b.call('getAppInfo', {})).machineId;
    // Both rename at once while the other's change is in flight: A names itself and a spare
    // machine, B names itself and the same spare a moment later (B's rename is the later one).
    await Promise.all([
      a.call('renameMachine', { machineId: idA, name: 'Host desk' }),
      a.call('renameMachine', { machineId: 'm-spare0000000', name: 'Spare (A)' }),
      b.call('renameMachine', { machineId: idB, name: 'Laptop B' }),
    ]);
    b.clock.now += 1;
    await b.call('renameMachine', { machineId: 'm-spare0000000', name: 'Spare (B)' });
    const names = async (t: TestCore) =>
      Object.fromEntries(
        Object.entries(await t.core.context.settings.machineNames()).map(([id, e]) => [id, e.name]),
      );
    const expected = { [idA]: 'Host desk', [idB]: 'Laptop B', 'm-spare0000000': 'Spare (B)' };
    await expect.poll(() => names(a), { timeout: 30_000 }).toEqual(expected);
    await expect.poll(() => names(b), { timeout: 30_000 }).toEqual(expected);
    // The teammate's ledger, machine filter and CSV show A's name for A's entries.
    const rowOnB = (await b.call('listLedger', { limit: 100 })).rows.find((r) => r.id === 'usage:a-1');
    expect(rowOnB).toMatchObject({ machineId: idA, machineName: 'Host desk' });
    expect((await b.call('listMachines', {})).find((m) => m.machineId === idA)?.name).toBe('Host desk');
    const csv = (await b.call('exportLedgerCsv', {})).csv.trim().split('\r\n');
    expect(csv.find((l) => l.startsWith('usage:a-1,'))).toContain(`,${idA},Host desk,`);
  });

  it('does not show the token back', async () => {
    const view = await b.call('getSyncStatus', {});
    expect(JSON.stringify(view)).not.toMatch(/token":"/);
    expect(view.tokenSet).toBe(true);
  });
});
