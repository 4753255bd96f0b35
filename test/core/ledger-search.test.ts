import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from './core-fixture';

let t: TestCore;
beforeAll(async () => {
  t = await openTestCore();
  await t.call('recordUsage', { action: { kind: 'ai_label' }, sourceEventId: 'zd-ticket-4411' });
  await t.call('recordUsage', { action: { kind: 'document', chars: 12_000 }, sourceEventId: 'upload-77' });
  await t.call('recordAdjustment', {
    amount: -2500,
    reason: 'Duplicate import of March',
    requestId: randomUUID(),
  });
  await t.call('grantManual', {
    amount: 50_000,
    reason: 'Migration goodwill credits',
    requestId: randomUUID(),
  });
});
afterAll(() => t.close());

const list = (filter: Record<string, unknown>) => t.call('listLedger', { filter, limit: 100 });

describe('ledger free-text search and totals', () => {
  it('finds entries by description, reason, event id and machine, case-insensitively', async () => {
    expect((await list({ search: 'ZD-TICKET-4411' })).rows.map((r) => r.id)).toEqual([
      'usage:zd-ticket-4411',
    ]);
    expect((await list({ search: 'march' })).rows.map((r) => r.kind)).toEqual(['adjustment']);
    expect((await list({ search: 'goodwill' })).rows.map((r) => r.bucket)).toEqual(['manual']);
    expect((await list({ search: 'document' })).rows.map((r) => r.id)).toEqual(['usage:upload-77']);
    const machine = t.core.context.machineId;
    expect((await list({ search: machine.slice(2, 8) })).total).toBe(5);
    expect((await list({ search: 'no such thing' })).total).toBe(0);
  });

  it('totals credits in and out over everything the filter matches, with search and other filters', async () => {
    const all = await list({});
    // Monthly 1,000 + manual 50 in; label 1 + document 3 + adjustment 2.5 out.
    expect(all.totals).toEqual({ inMillicredits: 1_050_000, outMillicredits: -6_500 });
    const usage = await list({ kinds: ['usage'] });
    expect(usage.totals).toEqual({ inMillicredits: 0, outMillicredits: -4_000 });
    const searched = await t.call('listLedger', { filter: { search: 'import' }, limit: 1 });
    // One row on the page, totals over every match.
    expect(searched.rows).toHaveLength(1);
    expect(searched.totals).toEqual({ inMillicredits: 0, outMillicredits: -2_500 });
  });

  it('a new entry changes the totals of the same filter', async () => {
    await t.call('recordUsage', { action: { kind: 'ai_prioritize' }, sourceEventId: 'zd-ticket-5000' });
    expect((await list({ search: 'zd-ticket' })).totals).toEqual({
      inMillicredits: 0,
      outMillicredits: -2_000,
    });
  });
});
