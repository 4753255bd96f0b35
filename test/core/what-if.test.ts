import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, type TestCore } from './core-fixture';

let t: TestCore;
beforeAll(async () => {
  t = await openTestCore();
  // Recorded at 20 labels and auto-draft off: 4 labels at 1, 2 long drafts at 5, a gpt-4o-mini message at 4.
  for (let i = 0; i < 4; i++) await t.call('recordUsage', { action: { kind: 'ai_label' } });
  for (let i = 0; i < 2; i++)
    await t.call('recordUsage', { action: { kind: 'ai_reply', conversationMessages: 25 } });
  await t.call('recordUsage', { action: { kind: 'chatbot_message' } });
  // The workspace has changed since: 150 labels (2 each), auto-draft on (9 per long draft), gpt-4.1-mini.
  await t.call('updateSettings', { labelCount: 150, autoDraftAll: true, chatbotModel: 'gpt-4.1-mini' });
});
afterAll(() => t.close());

describe('what-if: "now" is one state', () => {
  it('nothing proposed and every control set to its current value give the same answer: no change', async () => {
    const untouched = await t.call('whatIf', { settings: {} });
    const chosenNow = await t.call('whatIf', {
      settings: { labelCount: 150, autoDraftAll: true, chatbotModel: 'gpt-4.1-mini', tierId: 'starter' },
    });
    expect(untouched.difference).toBe(0);
    expect(chosenNow.difference).toBe(0);
    expect(chosenNow.current).toEqual(untouched.current);
    expect(chosenNow.proposed).toEqual(untouched.current);
    // Current is the recorded actions at today's settings: 4 × 2 + 2 × 9 + 6 = 32 credits.
    expect(untouched.current.perCycle).toBe(32_000);
  });

  it('going back to the recorded settings shows what today’s settings cost more', async () => {
    const old = await t.call('whatIf', {
      settings: { labelCount: 20, autoDraftAll: false, chatbotModel: 'gpt-4o-mini' },
    });
    expect(old.proposed.perCycle).toBe(18_000);
    expect(old.difference).toBe(-14_000);
  });

  it('one control at a time, reached in any order, gives one answer', async () => {
    const a = await t.call('whatIf', { settings: { labelCount: 20 } });
    const b = await t.call('whatIf', {
      settings: { autoDraftAll: true, labelCount: 20, chatbotModel: 'gpt-4.1-mini' },
    });
    expect(a.difference).toBe(-4_000);
    expect(b).toEqual(a);
  });
});
