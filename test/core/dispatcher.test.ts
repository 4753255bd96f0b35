import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from './core-fixture';

let t: TestCore;
beforeAll(async () => {
  t = await openTestCore();
});
afterAll(() => t.close());

/** Each of these must be refused with bad_request before any handler runs. */
const malformed: [string, unknown, unknown][] = [
  ['unknown method', 'dropDatabase', {}],
  ['prototype key as method', '__proto__', {}],
  ['constructor as method', 'constructor', {}],
  ['non-string method', 42, {}],
  ['input not an object', 'recordUsage', 'ai_reply'],
  ['array input', 'recordUsage', [{ kind: 'ai_reply' }]],
  ['missing action', 'recordUsage', {}],
  ['unknown action kind', 'recordUsage', { action: { kind: 'mine_bitcoin' } }],
  ['extra field in action', 'recordUsage', { action: { kind: 'ai_reply', costOverride: 0 } }],
  ['negative chars', 'recordUsage', { action: { kind: 'document', chars: -1 } }],
  ['fractional count', 'recordUsage', { action: { kind: 'kb_article', count: 1.5 } }],
  ['NaN chars', 'recordUsage', { action: { kind: 'page_scrape', chars: Number.NaN } }],
  ['chars as string', 'recordUsage', { action: { kind: 'page_scrape', chars: '5000' } }],
  ['float adjustment', 'recordAdjustment', { amount: 1.5, reason: 'typo' }],
  ['zero adjustment', 'recordAdjustment', { amount: 0, reason: 'nothing' }],
  ['adjustment without reason', 'recordAdjustment', { amount: 1000 }],
  ['blank reason', 'grantManual', { amount: 1000, reason: '   ' }],
  ['negative manual grant', 'grantManual', { amount: -1000, reason: 'x' }],
  ['unsafe integer grant', 'grantManual', { amount: 2 ** 60, reason: 'x' }],
  ['bundle quantity zero', 'purchaseBundle', { bundleId: 'b1k', quantity: 0 }],
  ['huge reason', 'grantManual', { amount: 1000, reason: 'x'.repeat(10_000) }],
  ['ledger limit too large', 'listLedger', { limit: 1_000_000 }],
  ['ledger negative offset', 'listLedger', { offset: -5 }],
  ['unknown filter kind', 'listLedger', { filter: { kinds: ['gift'] } }],
  ['analytics range reversed', 'getAnalytics', { from: 10, to: 5 }],
  ['bad referral status', 'advanceReferral', { id: 'x', status: 'awarded' }],
  ['anchor day 32', 'updateSettings', { anchorDay: 32 }],
  ['sync endpoint not a URL', 'configureSync', { endpoint: 'not a url' }],
  ['job id not a uuid', 'importUsage', { jobId: '1', file: { uploadId: 'x' } }],
  [
    'upload chunk not bytes',
    'appendUpload',
    { uploadId: '00000000-0000-4000-8000-000000000000', chunk: 'AAAA' },
  ],
];

describe('dispatcher validation', () => {
  it.each(malformed)('refuses %s with a clear error and writes nothing', async (_name, method, input) => {
    const before = t.core.context.ledger.size;
    const countBefore = await t.core.context.db.ledger.count().exec();
    const envelope = await t.raw(method, input);
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('bad_request');
    expect(envelope.error.message.length).toBeGreaterThan(10);
    expect(t.core.context.ledger.size).toBe(before);
    expect(await t.core.context.db.ledger.count().exec()).toBe(countBefore);
  });

  it('names the offending field', async () => {
    const envelope = await t.raw('recordUsage', { action: { kind: 'document', chars: -3 } });
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) expect(envelope.error.issues?.[0]?.path).toBe('action.chars');
  });

  it('turns domain errors into their codes, not internal errors', async () => {
    const missing = await t.raw('recordReversal', { usageId: 'usage:nope', reason: 'refund' });
    expect(missing.ok || missing.error.code).toBe('not_found');
    const model = await t.raw('recordUsage', { action: { kind: 'chatbot_message', model: 'gpt-99' } });
    expect(model.ok || model.error.code).toBe('bad_request');
    const bundle = await t.raw('purchaseBundle', { bundleId: 'b-unknown' });
    expect(bundle.ok || bundle.error.code).toBe('bad_request');
  });

  it('accepts a well-formed call', async () => {
    const envelope = await t.raw('recordUsage', { action: { kind: 'ai_prioritize' } });
    expect(envelope.ok).toBe(true);
  });
});
