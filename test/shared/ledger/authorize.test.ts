import { describe, expect, it } from 'vitest';
import { authorize, computeBalance, cycleFor, TRY_AGAIN_LATER_MESSAGE } from '../../../src-shared/ledger';
import { DEFAULT_RATE_CARD, PricingError } from '../../../src-shared/pricing';
import { bundle, DAY, monthly, usage } from '../helpers/entries';

const ANCHOR = 31;
const cycle = cycleFor(ANCHOR, Date.UTC(2025, 3, 10));
const at = cycle.start + 5 * DAY;
const balanceWith = (credits: number, used = 0) =>
  computeBalance([monthly(credits, cycle.start, cycle.end), usage(used, cycle.start + DAY)], at, {
    anchorDay: ANCHOR,
  });

describe('authorize', () => {
  it('allows an action the balance covers, down to exactly zero', () => {
    const result = authorize({ kind: 'ai_reply' }, balanceWith(5_000));
    expect(result).toMatchObject({
      allowed: true,
      millicredits: 5_000,
      totalAfter: 0,
      message: null,
      ruleId: 'ai_reply:base',
    });
    expect(result.rateCardVersion).toBe(DEFAULT_RATE_CARD.version);
  });

  it('denies with the chatbot message and the reset date when credits run short', () => {
    const result = authorize({ kind: 'chatbot_message', model: 'gpt-4o-mini' }, balanceWith(5_000, 2_000));
    expect(result.allowed).toBe(false);
    if (result.allowed) return;
    expect(result.message).toBe(TRY_AGAIN_LATER_MESSAGE);
    expect(result.message).toMatch(/try again later/i);
    expect(result.shortfall).toBe(1_000);
    // Anchor 31 in April: the cycle that started on 31 March resets on 30 April (clamped).
    expect(result.resetAt).toBe(cycle.end);
    expect(result.adminMessage).toContain('2025-04-30');
    expect(result.adminMessage).toContain('3 left');
    expect(result.remedies).toEqual(['upgrade', 'buy_bundle', 'wait_for_reset']);
  });

  it('denies when overdrawn and still allows free actions', () => {
    const overdrawn = balanceWith(1_000, 3_000);
    expect(overdrawn.total).toBe(-2_000);
    expect(authorize({ kind: 'ai_prioritize' }, overdrawn).allowed).toBe(false);
    expect(authorize({ kind: 'document', chars: 0 }, overdrawn).allowed).toBe(true);
  });

  it('counts bundle credits, not only the monthly allowance', () => {
    const b = computeBalance([monthly(1_000, cycle.start, cycle.end), bundle(10_000, cycle.start)], at);
    expect(authorize({ kind: 'ai_reply', autoDraftAll: true, conversationMessages: 40 }, b).allowed).toBe(
      true,
    );
  });

  it('takes the reset date from an anchor day when the balance has no cycle, and a custom message', () => {
    const b = computeBalance([], at);
    const result = authorize({ kind: 'ai_reply' }, b, DEFAULT_RATE_CARD, {
      anchorDay: ANCHOR,
      message: 'Back soon!',
    });
    expect(result).toMatchObject({ allowed: false, message: 'Back soon!', resetAt: cycle.end });
    expect(authorize({ kind: 'ai_reply' }, b).resetAt).toBeNull();
  });

  it('refuses to authorise what it cannot price', () => {
    expect(() => authorize({ kind: 'chatbot_message', model: 'mystery' }, balanceWith(100_000))).toThrow(
      PricingError,
    );
  });
});
