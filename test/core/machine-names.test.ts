import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from './core-fixture';

let t: TestCore;
let me: string;
beforeAll(async () => {
  t = await openTestCore();
  me = (await t.call('getAppInfo', {})).machineId;
  await t.call('recordUsage', { action: { kind: 'ai_reply' }, sourceEventId: 'named-1' });
});
afterAll(() => t.close());

describe('naming a machine', () => {
  it('shows the name in ledger rows, details, listMachines, app info and the CSV', async () => {
    const before = await t.call('listLedger', {});
    expect(before.rows.find((r) => r.id === 'usage:named-1')).not.toHaveProperty('machineName');

    const machines = await t.call('renameMachine', { machineId: me, name: '  Front desk laptop ' });
    expect(machines).toContainEqual(
      expect.objectContaining({ machineId: me, name: 'Front desk laptop', current: true }),
    );
    expect(await t.call('listMachines', {})).toEqual(machines);
    expect((await t.call('getAppInfo', {})).machineName).toBe('Front desk laptop');

    const rows = (await t.call('listLedger', {})).rows;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatchObject({ machineId: me, machineName: 'Front desk laptop' });
    expect(await t.call('getLedgerEntry', { id: 'usage:named-1' })).toMatchObject({
      machineId: me,
      machineName: 'Front desk laptop',
    });

    const lines = (await t.call('exportLedgerCsv', {})).csv.trim().split('\r\n');
    const header = lines[0]!.split(',');
    const machineCol = header.indexOf('machine');
    expect(header[machineCol + 1]).toBe('machine_name');
    const usage = lines.find((l) => l.startsWith('usage:named-1,'))!.split(',');
    expect(usage[machineCol]).toBe(me);
    expect(usage[machineCol + 1]).toBe('Front desk laptop');
  });

  it('free-text search finds entries by machine name, and follows a rename', async () => {
    const found = await t.call('listLedger', { filter: { search: 'desk LAPTOP' } });
    expect(found.total).toBeGreaterThan(0);
    expect(found.rows.every((r) => r.machineId === me)).toBe(true);
    expect((await t.call('listLedger', { filter: { search: 'no such machine' } })).total).toBe(0);
    await t.call('renameMachine', { machineId: me, name: 'Back office' });
    expect((await t.call('listLedger', { filter: { search: 'desk laptop' } })).total).toBe(0);
    expect((await t.call('listLedger', { filter: { search: 'back office' } })).total).toBe(found.total);
  });

  it('names a teammate machine that has not written here yet, and a later rename wins', async () => {
    t.clock.now += 1000;
    await t.call('renameMachine', { machineId: 'm-0123456789ab', name: 'Dana’s laptop' });
    t.clock.now += 1000;
    await t.call('renameMachine', { machineId: me, name: 'Reception' });
    const doc = (await t.core.context.settings.machineNames()) ?? {};
    expect(doc['m-0123456789ab']?.name).toBe('Dana’s laptop');
    expect(doc[me]).toMatchObject({ name: 'Reception', by: me });
    expect((await t.call('listMachines', {})).find((m) => m.machineId === me)?.name).toBe('Reception');
  });

  it.each([
    ['empty', '', /cannot be empty/],
    ['blank', '   ', /cannot be empty/],
    ['61 characters', 'y'.repeat(61), /at most 60 characters/],
  ])('refuses a %s name with a clear error and keeps the old one', async (_label, name, message) => {
    const envelope = await t.raw('renameMachine', { machineId: me, name });
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('bad_request');
    expect(envelope.error.message).toMatch(message);
    expect((await t.call('getAppInfo', {})).machineName).toBe('Reception');
  });

  it('refuses a malformed call', async () => {
    expect(await t.raw('renameMachine', { machineId: '', name: 'x' })).toMatchObject({ ok: false });
    expect(await t.raw('renameMachine', { machineId: me })).toMatchObject({ ok: false });
  });
});
