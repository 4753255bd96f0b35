import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  batchProblems,
  DEFAULT_MAX_ENTRY_MILLICREDITS,
  entryProblem,
  staysSafe,
  type EntryRuleContext,
  type Scope,
} from '../../../src-shared/ledger/entry-rules';
import { usageEntryFor } from '../../../src-shared/ledger/usage-entry';
import type { LedgerEntry } from '../../../src-shared/ledger';
import type { UsageRequest } from '../../../src-shared/api/usage-request';
import { DEFAULT_RATE_CARD } from '../../../src-shared/pricing';
import { adjustment, bundle, manual, referral, reversal, usage } from '../helpers/entries';
import { PROPERTY_RUNS, PROPERTY_TIMEOUT } from '../helpers/runs';

const T = Date.UTC(2026, 10, 3);
const count = fc.integer({ min: 0, max: 100_000 });
const requestArb: fc.Arbitrary<UsageRequest> = fc.oneof(
  fc.record({
    kind: fc.constant('ai_reply' as const),
    conversationMessages: count,
    autoDraftAll: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('ai_label' as const), labelCount: count }),
  fc.record({ kind: fc.constant('ai_prioritize' as const) }),
  fc.record({
    kind: fc.constant('chatbot_message' as const),
    model: fc.constantFrom('gpt-4o-mini', 'gpt-4.1-mini'),
    contextTokens: count,
  }),
  fc.record({ kind: fc.constant('kb_article' as const), count }),
  fc.record({ kind: fc.constant('conversation_embedding' as const), count }),
) as fc.Arbitrary<UsageRequest>;
const settingsArb = fc.record({
  labelCount: count,
  autoDraftAll: fc.boolean(),
  chatbotModel: fc.constantFrom('gpt-4o-mini', 'gpt-4.1-mini'),
});

function context(scope: Scope, held: LedgerEntry[] = []): EntryRuleContext {
  const byId = new Map(held.map((e) => [e.id, e]));
  return {
    scope,
    maxEntryMillicredits: DEFAULT_MAX_ENTRY_MILLICREDITS,
    card: (version) => (version === DEFAULT_RATE_CARD.version ? DEFAULT_RATE_CARD : undefined),
    entry: (id) => byId.get(id),
    givenBack: (usageId) =>
      new Map(
        held.flatMap((e) => (e.kind === 'reversal' && e.usageId === usageId ? [[e.id, e.amount]] : [])),
      ),
    monthly: () => null,
  };
}

const priced = (
  request: UsageRequest,
  settings: { labelCount: number; autoDraftAll: boolean; chatbotModel: string },
  id = 'evt',
) =>
  usageEntryFor({ sourceEventId: id, occurredAt: T, request, source: 'app' }, settings, DEFAULT_RATE_CARD, {
    machineId: 'm',
    recordedAt: T,
  });

describe('entry rules', () => {
  it(
    'a usage priced by the shared engine passes; any other amount is refused',
    () => {
      fc.assert(
        fc.property(
          requestArb,
          settingsArb,
          fc.integer({ min: -1_000_000, max: 1_000_000 }),
          (request, settings, delta) => {
            const entry = priced(request, settings);
            expect(entryProblem(entry, context('admin'))).toBeNull();
            expect(entryProblem(entry, context('metering'))).toBeNull();
            const amount = Math.min(0, entry.amount + delta);
            if (amount === entry.amount) return;
            const problem = entryProblem({ ...entry, amount }, context('admin'));
            expect(problem?.reason).toMatch(/prices this action at/);
            expect(problem?.retry).toBe(false);
          },
        ),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'a reversal gives back at most what its usage took, and only of a usage that exists',
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 1_000_000 }),
          fc.integer({ min: 0, max: 2_000_000 }),
          (took, back) => {
            const spent = usage(took, T, 'u');
            const refund = reversal(spent, T + 1, back);
            const problem = entryProblem(refund, context('admin', [spent]));
            if (back <= took) expect(problem).toBeNull();
            else expect(problem?.reason).toMatch(/more than the/);
            expect(entryProblem(refund, context('admin'))?.reason).toMatch(/not a recorded usage/);
            // The usage may arrive in the same batch.
            const inBatch = batchProblems([spent, refund], {
              ...context('admin'),
              stored: () => undefined,
              storedReversals: () => [],
            });
            expect(inBatch.filter((p) => p.id === refund.id)).toHaveLength(back <= took ? 0 : 1);
          },
        ),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'grants and adjustments need admin and stay under the per-entry limit',
    () => {
      const makers = [
        (n: number) => manual(n, T, 'g', null),
        (n: number) => bundle(n, T, 'p1'),
        (n: number) => referral(n, T, 'r1', null),
        (n: number) => adjustment(n, T, 'a1'),
        (n: number) => adjustment(-n, T, 'a2'),
      ];
      fc.assert(
        fc.property(
          fc.constantFrom(...makers),
          fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
          fc.constantFrom<Scope>('admin', 'viewer', 'metering'),
          (make, amount, scope) => {
            const problem = entryProblem(make(amount), context(scope));
            if (scope !== 'admin') expect(problem?.reason).toMatch(/needs the admin scope/);
            else if (amount > DEFAULT_MAX_ENTRY_MILLICREDITS)
              expect(problem?.reason).toMatch(/over the team's limit/);
            else expect(problem).toBeNull();
          },
        ),
        { numRuns: PROPERTY_RUNS },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it('refuses made-up ids and a card the team does not have (to retry later)', () => {
    const entry = priced(
      { kind: 'ai_reply' },
      { labelCount: 0, autoDraftAll: false, chatbotModel: 'gpt-4o-mini' },
    );
    expect(entryProblem({ ...entry, id: 'usage:other' }, context('admin'))?.reason).toMatch(
      /usage:<sourceEventId>/,
    );
    expect(entryProblem({ ...entry, rateCardVersion: 'custom-2' }, context('admin'))).toMatchObject({
      retry: true,
    });
    expect(
      entryProblem({ ...bundle(1000, T, 'p1'), id: 'grant:bundle:p2' }, context('admin'))?.reason,
    ).toMatch(/grant:bundle:p1/);
    expect(entryProblem(entry, context('viewer'))?.reason).toMatch(/admin or metering/);
  });

  it('staysSafe bounds the sum of absolute amounts by the safe integer range', () => {
    expect(staysSafe(0, [Number.MAX_SAFE_INTEGER])).toBe(true);
    expect(staysSafe(1, [Number.MAX_SAFE_INTEGER])).toBe(false);
    expect(staysSafe(10, [-5, 5])).toBe(true);
    expect(staysSafe(Number.MAX_SAFE_INTEGER - 3, [-2, 2])).toBe(false);
  });
});
