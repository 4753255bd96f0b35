import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncStateFile } from '../../src-main/core/sync/sync-state-file';

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'creditdesk-sync-state-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const refusal = (id: string, at: number) => ({
  collection: 'ledger' as const,
  id,
  document: { id, _deleted: false },
  statusCode: 400,
  message: 'amount: an adjustment of zero changes nothing',
  at,
});

describe('sync state file', () => {
  it('keeps replication identifiers and refused documents across restarts, in a 0600 file', () => {
    const dir = fresh();
    const state = new SyncStateFile(dir);
    state.setIdentifier('http://a:8787', 'creditdesk-sync:http://a:8787#e2#1234');
    state.refused(refusal('adjustment:b', 2));
    state.refused(refusal('adjustment:a', 1));
    state.refused({ ...refusal('adjustment:a', 3), message: 'refused again' });
    const again = new SyncStateFile(dir);
    expect(again.identifier('http://a:8787')).toBe('creditdesk-sync:http://a:8787#e2#1234');
    expect(again.identifier('http://other')).toBeUndefined();
    // Oldest first refusal first; a document refused again keeps its first time and takes the new reason.
    expect(again.needsAttention().map((r) => [r.id, r.message, r.at])).toEqual([
      ['adjustment:a', 'refused again', 1],
      ['adjustment:b', 'amount: an adjustment of zero changes nothing', 2],
    ]);
    expect(again.resolved('ledger', 'adjustment:b')).toBe(true);
    expect(again.resolved('ledger', 'adjustment:b')).toBe(false);
    expect(new SyncStateFile(dir).needsAttention().map((r) => r.id)).toEqual(['adjustment:a']);
    expect(statSync(join(dir, 'sync-state.json')).mode & 0o777).toBe(0o600);
  });

  it('a damaged file is kept aside (it may be the only record of refused documents) and sync starts clean', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'sync-state.json'), '{"refused": [truncated');
    const state = new SyncStateFile(dir);
    expect(state.needsAttention()).toEqual([]);
    expect(readdirSync(dir).some((f) => f.startsWith('sync-state.json.corrupt-'))).toBe(true);
  });
});
