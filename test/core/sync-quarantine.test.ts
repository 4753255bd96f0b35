import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toLedgerDoc } from '../../src-shared/db/ledger-doc';
import type { LedgerEntry } from '../../src-shared/ledger/entry';
import { SyncStateFile } from '../../src-main/core/sync/sync-state-file';
import { openTestCore, type TestCore } from './core-fixture';

/**
 * One document the endpoint refuses must not wedge sync: a desktop core hosting the real endpoint
 * (SQLite, real HTTP) writes 26 ledger entries in one batch, one of them an adjustment of 0 that the
 * local schema stores but the endpoint's entry rules refuse.
 */
let a: TestCore;
let teamPull: (collection: string) => Promise<string[]>;

beforeAll(async () => {
  a = await openTestCore(Date.now(), { hostingInterface: '127.0.0.1', databaseName: 'quarantine-a' });
  await a.call('setHosting', { enabled: true, port: 0 });
  const { token, endpoint } = await a.call('createTeammateToken', { label: 'test reader' });
  teamPull = async (collection) => {
    const response = await fetch(`${endpoint}/v1/collections/${collection}/pull?limit=5000`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await response.json()) as { documents: { id: string }[] };
    return body.documents.map((d) => d.id);
  };
});
afterAll(async () => {
  await a?.close();
});

const entry = (n: number, amount: number): Record<string, unknown> =>
  toLedgerDoc({
    id: `adjustment:batch-${n}`,
    kind: 'adjustment',
    amount,
    reason: 'quarantine test',
    occurredAt: Date.now(),
    recordedAt: Date.now(),
    machineId: a.core.context.machineId,
  } as LedgerEntry);

describe('a document the endpoint refuses is quarantined, not a wedge', () => {
  it('pushes the other 25 of a 26-entry batch and lists the refused one with the reason and what to do', async () => {
    await expect
      .poll(async () => (await a.call('getSyncStatus', {})).state, { timeout: 15_000 })
      .toBe('online');
    // One write of 26 documents: RxDB pushes them as one batch. Entry 13 is an adjustment of 0.
    const docs = Array.from({ length: 26 }, (_, n) => entry(n, n === 13 ? 0 : (n + 1) * 1000));
    const { error } = await a.core.context.db.ledger.bulkInsert(docs as never);
    expect(error).toEqual([]);

    const ids = docs.map((d) => d.id as string);
    const onEndpoint = async () => (await teamPull('ledger')).filter((id) => ids.includes(id));
    await expect.poll(onEndpoint, { timeout: 15_000 }).toHaveLength(25);
    expect(await onEndpoint()).not.toContain('adjustment:batch-13');

    const status = await a.call('getSyncStatus', {});
    expect(status.needsAttention).toHaveLength(1);
    const [item] = status.needsAttention;
    expect(item).toMatchObject({
      collection: 'ledger',
      id: 'adjustment:batch-13',
      summary: 'Adjustment of 0 credits',
      statusCode: 400,
    });
    expect(item!.reason).toMatch(/an adjustment of zero changes nothing/);
    expect(item!.advice).toMatch(/nothing is lost.*retry/i);
    expect(status.waitingToPush).toBe(0);
    expect(status.lastError).toBeNull();

    // This cycle's monthly grant went out before the team's plan (settings) had arrived: refused with 409,
    // kept out of sight and pushed again on its own until the endpoint takes it.
    await expect
      .poll(async () => (await teamPull('ledger')).some((id) => id.startsWith('grant:monthly:')), {
        timeout: 20_000,
      })
      .toBe(true);
    expect((await a.call('getSyncStatus', {})).needsAttention).toHaveLength(1);

    // Nothing is lost: the refused entry is still in this machine's ledger.
    expect(await a.core.context.db.ledger.findOne('adjustment:batch-13').exec()).not.toBeNull();
  });

  it('lets later writes flow to the endpoint', async () => {
    const row = await a.call('recordAdjustment', { amount: 2500, reason: 'after the refusal' });
    await expect
      .poll(async () => (await teamPull('ledger')).includes(row.id), { timeout: 15_000 })
      .toBe(true);
    await expect
      .poll(async () => (await a.call('getSyncStatus', {})).waitingToPush, { timeout: 15_000 })
      .toBe(0);
    expect((await a.call('getSyncStatus', {})).needsAttention.map((i) => i.id)).toEqual([
      'adjustment:batch-13',
    ]);
  });

  it('keeps the list across restarts (a file in the data folder) and a retry that is refused again keeps it listed', async () => {
    expect(new SyncStateFile(a.dataDir).needsAttention().map((i) => i.id)).toEqual(['adjustment:batch-13']);
    const after = await a.call('retryRefusedDocuments', {});
    expect(after.needsAttention).toHaveLength(1);
    expect(after.needsAttention[0]!.reason).toMatch(/an adjustment of zero changes nothing/);
    expect(await teamPull('ledger')).not.toContain('adjustment:batch-13');
  });
});
