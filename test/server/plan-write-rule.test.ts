import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decideWrite } from '../../src-server/write-rules';
import { canonicalWire } from '../../src-server/validate';
import { mergePlan, type PlanChange } from '../../src-shared/db/plan';
import { mergeSettings, type WorkspaceSettings } from '../../src-shared/db/settings';
import { PROPERTY_RUNS } from '../shared/helpers/runs';

const base: WorkspaceSettings = {
  id: 'workspace',
  tierId: 'starter',
  anchorDay: 1,
  labelCount: 20,
  autoDraftAll: false,
  chatbotModel: 'gpt-4o-mini',
  alertThresholds: [50, 80, 100],
  rateCardVersion: 'v1',
  fieldClock: {},
};
const fact = (
  id: string,
  decidedAt: number,
  tierId: string | null,
  anchorDay: number | null,
): PlanChange => ({
  id,
  decidedAt,
  tierId,
  anchorDay,
  machineId: 'm1',
});

describe('plan changes in the settings document', () => {
  it('merge as a set union: commutative, associative, idempotent', () => {
    const factArb = fc
      .record({ n: fc.integer({ min: 0, max: 6 }), at: fc.integer({ min: 0, max: 5 }), tier: fc.boolean() })
      .map(({ n, at, tier }) => fact(`plan:${n}`, at, tier ? 'plus' : null, tier ? null : 15));
    const listArb = fc.array(factArb, { maxLength: 6 }).map((l) => mergePlan(l, []));
    fc.assert(
      fc.property(listArb, listArb, listArb, (a, b, c) => {
        expect(mergePlan(a, b)).toEqual(mergePlan(b, a));
        expect(mergePlan(mergePlan(a, b), c)).toEqual(mergePlan(a, mergePlan(b, c)));
        expect(mergePlan(a, a)).toEqual(a);
        const merged = mergeSettings({ ...base, plan: a }, { ...base, plan: b });
        expect(merged.plan).toEqual(mergePlan(a, b));
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('the endpoint refuses a settings push that drops a plan change, and takes one that adds', () => {
    const master = {
      ...base,
      plan: [fact('plan:baseline', 0, 'starter', 1), fact('plan:1', 5, 'plus', null)],
    };
    const masterBody = canonicalWire(master as never);
    const push = (next: WorkspaceSettings) => ({
      newDocumentState: next as never,
      assumedMasterState: master as never,
    });
    const dropped = { ...master, plan: [master.plan[0]!] };
    expect(decideWrite('settings', masterBody, push(dropped) as never, canonicalWire(dropped as never))).toBe(
      'conflict',
    );
    const older = { ...base, labelCount: 30 };
    expect(decideWrite('settings', masterBody, push(older) as never, canonicalWire(older as never))).toBe(
      'conflict',
    );
    const named = { ...master, machineNames: { m1: { name: 'Front desk', at: 7, by: 'm1' } } };
    const namedBody = canonicalWire(named as never);
    const against = (next: WorkspaceSettings) => ({
      newDocumentState: next as never,
      assumedMasterState: named as never,
    });
    // A push from a client that never saw the names (or holds an older one) would erase a rename.
    expect(decideWrite('settings', namedBody, against(master) as never, canonicalWire(master as never))).toBe(
      'conflict',
    );
    const stale = { ...named, machineNames: { m1: { name: 'Old', at: 3, by: 'm1' } } };
    expect(decideWrite('settings', namedBody, against(stale) as never, canonicalWire(stale as never))).toBe(
      'conflict',
    );
    const renamed = { ...named, machineNames: { m1: { name: 'Reception', at: 8, by: 'm2' } } };
    expect(
      decideWrite('settings', namedBody, against(renamed) as never, canonicalWire(renamed as never)),
    ).toBe('write');
    const added = { ...master, plan: [...master.plan, fact('plan:2', 9, null, 15)] };
    expect(decideWrite('settings', masterBody, push(added) as never, canonicalWire(added as never))).toBe(
      'write',
    );
  });
});
