import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { machineNameSchema, mergeMachineNames, type MachineNames } from '../../src-shared/db/machine-names';
import { mergeSettings, type WorkspaceSettings } from '../../src-shared/db/settings';
import { PROPERTY_RUNS } from './helpers/runs';

const MACHINES = ['m-aaaaaaaaaaaa', 'm-bbbbbbbbbbbb', 'm-cccccccccccc'];

/** One rename: which machine renames which machine to what, at which (often equal) time. */
const rename = fc.record({
  by: fc.constantFrom(...MACHINES),
  target: fc.constantFrom(...MACHINES),
  name: fc.constantFrom('Front desk', 'Dana’s laptop', 'Spare', 'Front desk 2'),
  at: fc.integer({ min: 0, max: 5 }),
});
type Rename = { by: string; target: string; name: string; at: number };

const asMap = (r: Rename): MachineNames => ({ [r.target]: { name: r.name, at: r.at, by: r.by } });

/**
 * Delivers the renames to a replica in the given order, each through the merge (as a sync pull or
 * a conflict resolution would), starting from what the replica already holds.
 */
const deliver = (order: Rename[], start: MachineNames = {}) =>
  order.reduce((acc, r) => mergeMachineNames(acc, asMap(r)), start);

const settingsWith = (machineNames: MachineNames | undefined): WorkspaceSettings => ({
  id: 'workspace',
  tierId: 'starter',
  anchorDay: 1,
  labelCount: 20,
  autoDraftAll: false,
  chatbotModel: 'standard',
  alertThresholds: [50],
  rateCardVersion: '2026-01',
  fieldClock: {},
  ...(machineNames ? { machineNames } : {}),
});

describe('machine names merge', () => {
  it('converges to one map whatever order concurrent renames on 2–3 machines arrive in', () => {
    fc.assert(
      fc.property(
        fc.array(rename, { minLength: 1, maxLength: 12 }).chain((renames) => {
          const order = fc.shuffledSubarray(renames, {
            minLength: renames.length,
            maxLength: renames.length,
          });
          return fc.tuple(fc.constant(renames), fc.tuple(order, order, order));
        }),
        ([renames, shuffled]) => {
          // Three replicas each see the renames in their own order, split in two batches merged
          // against each other (two machines offline, then syncing).
          const results = shuffled.map((order) => {
            const half = Math.floor(order.length / 2);
            return mergeMachineNames(deliver(order.slice(0, half)), deliver(order.slice(half)));
          });
          const reference = deliver(renames);
          for (const result of results) expect(result).toEqual(reference);
          // Each name is the latest rename of that machine by (at, by, name).
          for (const target of new Set(renames.map((r) => r.target))) {
            const latest = renames
              .filter((r) => r.target === target)
              .sort((x, y) => x.at - y.at || x.by.localeCompare(y.by) || x.name.localeCompare(y.name))
              .at(-1)!;
            expect(reference[target]).toEqual({ name: latest.name, at: latest.at, by: latest.by });
          }
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('is commutative, associative and idempotent through the settings merge', () => {
    const map = fc.array(rename, { maxLength: 5 }).map((rs) => deliver(rs));
    fc.assert(
      fc.property(map, map, map, (x, y, z) => {
        const [a, b, c] = [x, y, z].map(settingsWith);
        const names = (s: WorkspaceSettings) => s.machineNames ?? {};
        expect(names(mergeSettings(a!, b!))).toEqual(names(mergeSettings(b!, a!)));
        expect(names(mergeSettings(mergeSettings(a!, b!), c!))).toEqual(
          names(mergeSettings(a!, mergeSettings(b!, c!))),
        );
        expect(names(mergeSettings(a!, a!))).toEqual(names(a!));
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('keeps names when one side predates the field (older document)', () => {
    const named = settingsWith({ 'm-a': { name: 'Front desk', at: 5, by: 'm-a' } });
    expect(mergeSettings(settingsWith(undefined), named).machineNames).toEqual(named.machineNames);
    expect(mergeSettings(named, settingsWith(undefined)).machineNames).toEqual(named.machineNames);
    expect(mergeSettings(settingsWith(undefined), settingsWith(undefined))).not.toHaveProperty(
      'machineNames',
    );
  });
});

describe('machine name rules', () => {
  it('trims and accepts 1–60 characters', () => {
    expect(machineNameSchema.parse('  Front desk  ')).toBe('Front desk');
    expect(machineNameSchema.parse('x'.repeat(60))).toHaveLength(60);
  });
  it.each([
    ['empty', '', /cannot be empty/],
    ['only spaces', '    ', /cannot be empty/],
    ['61 characters', 'x'.repeat(61), /at most 60 characters/],
  ])('refuses %s with a clear error', (_label, input, message) => {
    const result = machineNameSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });
});
