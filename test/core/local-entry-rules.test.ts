import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from './core-fixture';
import type { LedgerEntry } from '../../src-shared/ledger';

/** The desktop's own writes pass the endpoint's entry rules first (one shared module). */

let t: TestCore;
beforeEach(async () => {
  t = await openTestCore(Date.UTC(2026, 10, 15, 12));
});
afterEach(() => t.close());

const count = () => t.core.context.db.ledger.count().exec();
const at = Date.UTC(2026, 10, 15, 12);
const stamp = { occurredAt: at, recordedAt: at, machineId: 'here' };

describe('local writes and the entry rules', () => {
  it('a manual grant or an adjustment over the per-entry limit is refused with a reason; nothing is written', async () => {
    const before = await count();
    for (const [method, input] of [
      ['grantManual', { amount: 10_000_000_001_000, reason: 'too generous' }],
      ['recordAdjustment', { amount: -10_000_000_001_000, reason: 'too harsh' }],
    ] as const) {
      const answer = await t.raw(method, input);
      expect(answer).toMatchObject({
        ok: false,
        error: {
          code: 'bad_request',
          message: expect.stringMatching(/over the team's limit of 10000000000 millicredits per entry/),
        },
      });
    }
    expect(await count()).toBe(before);
    // At the limit it is recorded.
    await t.call('grantManual', { amount: 10_000_000_000_000 / 1000, reason: 'ok' });
    expect(await count()).toBe(before + 1);
  });

  it('entries the endpoint would refuse never reach the local ledger, whichever service writes them', async () => {
    const { store } = t.core.context;
    const before = await count();
    const misPriced: LedgerEntry = {
      ...stamp,
      id: 'usage:cheap',
      kind: 'usage',
      amount: -1,
      action: { kind: 'ai_reply' },
      actionKind: 'ai_reply',
      ruleId: 'ai_reply:base',
      rateCardVersion: 'default-1',
      explanation: '',
      sourceEventId: 'cheap',
      source: 'app',
    };
    await expect(store.append([misPriced])).rejects.toThrow(/prices this action at 5000 millicredits/);
    const orphan: LedgerEntry = {
      ...stamp,
      id: 'reversal:usage:never',
      kind: 'reversal',
      amount: 5000,
      usageId: 'usage:never',
      reason: 'refund',
    };
    await expect(store.append([orphan])).rejects.toThrow(/not a recorded usage/);
    // A batch with one bad entry writes none of it.
    const fine: LedgerEntry = {
      ...stamp,
      id: 'adjustment:fine',
      kind: 'adjustment',
      amount: 10,
      reason: 'ok',
    };
    await expect(store.append([fine, orphan])).rejects.toThrow(/reversal:usage:never was not recorded/);
    expect(await count()).toBe(before);
    // The app's own usage and reversal pass.
    const usage = await t.call('recordUsage', { action: { kind: 'ai_reply' }, sourceEventId: 'real' });
    await t.call('recordReversal', { usageId: usage.id, reason: 'failed' });
    expect(await count()).toBe(before + 2);
  });
});
