import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeBalance } from '../../src-shared/ledger';
import { fromLedgerDoc } from '../../src-shared/db/ledger-doc';
import { openTestCore, type TestCore } from './core-fixture';

let t: TestCore;
beforeAll(async () => {
  t = await openTestCore();
});
afterAll(() => t.close());

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

async function failure(method: string, input: unknown) {
  const before = await t.core.context.db.ledger.count().exec();
  const envelope = await t.raw(method, input);
  expect(envelope.ok).toBe(false);
  expect(await t.core.context.db.ledger.count().exec()).toBe(before);
  return envelope.ok ? null : envelope.error;
}

describe('recordReversal with an amount (partial refunds)', () => {
  it('refunds parts, keeps retries one document, names what is still refundable, and the rest goes back once', async () => {
    const usage = await t.call('recordUsage', { action: { kind: 'kb_article', count: 10 } });
    const took = -usage.amount;
    expect(took).toBeGreaterThan(3);
    const part = Math.floor(took / 3);
    const first = await t.call('recordReversal', {
      usageId: usage.id,
      reason: 'two were wrong',
      amount: part,
      requestId: A,
    });
    expect(first).toMatchObject({ id: `reversal:${usage.id}:part:${A}`, amount: part, usageId: usage.id });
    const size = t.core.context.ledger.size;
    // A retry (same request id, same refund) is the same document.
    const again = await t.call('recordReversal', {
      usageId: usage.id,
      reason: 'two were wrong',
      amount: part,
      requestId: A,
    });
    expect(again.id).toBe(first.id);
    expect(t.core.context.ledger.size).toBe(size);
    expect(
      (
        await failure('recordReversal', {
          usageId: usage.id,
          reason: 'other',
          amount: part + 1,
          requestId: A,
        })
      )?.code,
    ).toBe('conflict');
    // More than is left: a clear bad_request naming the refundable rest.
    const over = await failure('recordReversal', {
      usageId: usage.id,
      reason: 'all',
      amount: took,
      requestId: B,
    });
    expect(over?.code).toBe('bad_request');
    expect(over?.message).toContain(`still refundable`);
    for (const amount of [0, -5, 1.5, 2 ** 60])
      expect((await failure('recordReversal', { usageId: usage.id, reason: 'x', amount }))?.code).toBe(
        'bad_request',
      );

    let row = await t.call('getLedgerEntry', { id: usage.id });
    expect(row.refunds?.map((r) => [r.id, r.amount])).toEqual([[first.id, part]]);
    expect(row.refundable).toBe(took - part);
    expect(row.reversedBy).toBeNull();

    // "Reverse all" after a part gives back only the rest, under the caller's request id.
    const rest = await t.call('recordReversal', { usageId: usage.id, reason: 'the rest', requestId: C });
    expect(rest).toMatchObject({ id: `reversal:${usage.id}:part:${C}`, amount: took - part });
    row = await t.call('getLedgerEntry', { id: usage.id });
    expect(row.refundable).toBe(0);
    expect(row.reversedBy).toBe(rest.id);
    const none = await failure('recordReversal', { usageId: usage.id, reason: 'once more' });
    expect(none?.message).toMatch(/0 credits are still refundable; there is nothing left to reverse/);

    // The balance the app shows is a full replay of what it stored.
    const entries = [...(await t.core.context.db.ledger.find().exec())].map((d) =>
      fromLedgerDoc(d.toMutableJSON()),
    );
    const now = t.core.context.now();
    const book = t.core.context.ledger;
    expect((await book.fullSource()).balanceAt(now).total).toBe(
      computeBalance(entries, now, { anchorDay: book.anchorDay }).total,
    );
  });

  it('an untouched usage reversed in full is still `reversal:<usageId>` for all of it', async () => {
    const usage = await t.call('recordUsage', { action: { kind: 'ai_prioritize' } });
    const full = await t.call('recordReversal', { usageId: usage.id, reason: 'mistake' });
    expect(full).toMatchObject({ id: `reversal:${usage.id}`, amount: -usage.amount });
    expect((await t.call('recordReversal', { usageId: usage.id, reason: 'mistake' })).id).toBe(full.id);
    expect(
      (await failure('recordReversal', { usageId: usage.id, reason: 'part', amount: 1 }))?.message,
    ).toMatch(/nothing left|more than that/);
  });
});

describe('partial refunds of one usage requested at once (two windows, a double click)', () => {
  it('never give back more than the usage took', async () => {
    const usage = await t.call('recordUsage', { action: { kind: 'kb_article', count: 10 } });
    const took = -usage.amount;
    const part = Math.floor(took * 0.4);
    const ids = Array.from({ length: 6 }, (_, n) => `00000000-0000-4000-8000-0000000002${n}0`);
    const answers = await Promise.all(
      ids.map((requestId) =>
        t.raw('recordReversal', { usageId: usage.id, reason: 'at once', amount: part, requestId }),
      ),
    );
    expect(answers.filter((a) => a.ok)).toHaveLength(2);
    const docs = await t.core.context.db.ledger
      .find({ selector: { kind: 'reversal', usageId: usage.id } })
      .exec();
    expect(docs.map((d) => fromLedgerDoc(d.toMutableJSON()).amount).reduce((a, b) => a + b, 0)).toBe(
      2 * part,
    );
  });
});
