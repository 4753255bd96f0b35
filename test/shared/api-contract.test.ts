import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { method, mergeTables } from '../../src-shared/api/method';
import { methods, METHOD_NAMES, EVENT_NAMES, PRELOAD_METHOD_NAMES } from '../../src-shared/api';
import { overviewMethods } from '../../src-shared/api/overview';
import { ledgerMethods } from '../../src-shared/api/ledger';
import { importMethods } from '../../src-shared/api/import';
import { analyticsMethods } from '../../src-shared/api/analytics';
import { bundleMethods } from '../../src-shared/api/bundles';
import { referralMethods } from '../../src-shared/api/referrals';
import { settingsMethods } from '../../src-shared/api/settings';
import { syncMethods } from '../../src-shared/api/sync';
import { jobMethods } from '../../src-shared/api/jobs';
import { estimateMethods } from '../../src-shared/api/estimate';

const domains = {
  overviewMethods,
  ledgerMethods,
  importMethods,
  analyticsMethods,
  bundleMethods,
  referralMethods,
  settingsMethods,
  syncMethods,
  jobMethods,
  estimateMethods,
};

describe('the contract merged from the domains', () => {
  it('holds every domain method once, with the domain’s own schema', () => {
    const names = Object.values(domains).flatMap((table) => Object.keys(table));
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([...METHOD_NAMES].sort());
    for (const table of Object.values(domains)) {
      for (const [name, entry] of Object.entries(table)) {
        expect(methods[name as keyof typeof methods].input).toBe(entry.input);
      }
    }
  });

  it('refuses to merge two tables that both define a name', () => {
    const a = { ping: method<string>()(z.strictObject({})) };
    const b = { ping: method<number>()(z.strictObject({ n: z.number() })) };
    expect(() => mergeTables(a, b)).toThrow('Method ping is defined twice.');
    expect(Object.keys(mergeTables(a, { pong: b.ping }))).toEqual(['ping', 'pong']);
  });

  it('names every method for the preload and every event once', () => {
    expect([...PRELOAD_METHOD_NAMES].sort()).toEqual([...METHOD_NAMES].sort());
    expect(new Set(PRELOAD_METHOD_NAMES).size).toBe(PRELOAD_METHOD_NAMES.length);
    expect(new Set(EVENT_NAMES).size).toBe(EVENT_NAMES.length);
  });
});
