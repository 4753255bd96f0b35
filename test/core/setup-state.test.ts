import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETUP_FILE_NAME, SetupState } from '../../src-main/core/settings/setup-state';
import { openTestCore, type TestCore } from './core-fixture';

let t: TestCore;
beforeAll(async () => {
  t = await openTestCore();
});
afterAll(() => t.close());

describe('first-run set-up state', () => {
  it('is needed on a new data folder, recorded when completed, and kept across restarts', async () => {
    expect(await t.call('getSetup', {})).toEqual({ needed: true, completedAt: null });
    expect(await t.call('completeSetup', {})).toEqual({ needed: false, completedAt: t.clock.now });
    expect(await t.call('getSetup', {})).toEqual({ needed: false, completedAt: t.clock.now });
    // A new process on the same folder reads the same answer.
    expect(new SetupState(t.dataDir, () => 0).view()).toEqual({ needed: false, completedAt: t.clock.now });
  });

  it('an unreadable record offers the set-up again rather than failing', () => {
    writeFileSync(join(t.dataDir, SETUP_FILE_NAME), '{not json');
    expect(new SetupState(t.dataDir, () => 0).view()).toEqual({ needed: true, completedAt: null });
  });

  it('completing the set-up never changes the settings by itself', async () => {
    const before = await t.call('getSettings', {});
    await t.call('completeSetup', {});
    expect(await t.call('getSettings', {})).toEqual(before);
  });
});
