import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { test as base, expect, markSetUp } from './support/fixtures';
import { freshDataDir, startHost } from './support/web-host';

const ROOT = resolve(import.meta.dirname, '../..');
const T0 = Date.UTC(2026, 0, 5, 9, 30);
const doc = (id: string, amount: number) => ({
  id: `adjustment:${id}`,
  kind: 'adjustment',
  bucket: '',
  actionKind: '',
  amount,
  reason: 'migrated from the old sheet',
  occurredAt: T0,
  recordedAt: T0,
  machineId: 'm-e2e-old-version',
});

// The data folder holds what an older app version wrote: two good adjustments and one of 0 credits,
// which the endpoint's entry rules refuse.
const test = base.extend({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures from the pattern
  host: async ({}, use) => {
    const dataDir = freshDataDir();
    const docs = [doc('opening', 250_000), doc('zero', 0), doc('correction', -1500)];
    await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'test/e2e/support/seed-raw-cli.ts', dataDir, JSON.stringify(docs)],
      { cwd: ROOT },
    );
    markSetUp(dataDir);
    const host = await startHost({ dataDir, removeDataDir: true });
    try {
      await use(host);
    } finally {
      await host.stop();
    }
  },
});

test('a document the endpoint refuses is listed under "needs attention" with the reason; sync goes on', async ({
  api,
  app,
}) => {
  // Hosting the endpoint on this machine points its sync at it: the three seeded entries are pushed.
  await api.call('setHosting', { enabled: true, port: 0 });
  await expect
    .poll(async () => (await api.call('getSyncStatus', {})).needsAttention.length, { timeout: 20_000 })
    .toBe(1);

  await app.open('Settings');
  const page = app.page;
  const list = page.getByRole('region', { name: /Needs attention/ });
  await expect(list.getByRole('heading', { name: 'Needs attention · 1' })).toBeVisible();
  await expect(list).toContainText('Adjustment of 0 credits');
  await expect(list).toContainText('adjustment:zero');
  await expect(list).toContainText('an adjustment of zero changes nothing');
  await expect(list).toContainText('nothing is lost');
  const bar = page.getByRole('status', { name: 'Sync status' });
  await expect(bar).toContainText('1 needs attention');
  await expect(bar).toContainText('Nothing waiting to push');

  // Retry: the endpoint still refuses it, so it stays listed with the reason; nothing else changes.
  await list.getByRole('button', { name: 'Retry' }).click();
  await expect(list.getByRole('button', { name: 'Retry' })).toBeEnabled();
  await expect(list).toContainText('an adjustment of zero changes nothing');

  // Later writes flow.
  await api.call('recordAdjustment', { amount: 2000, reason: 'after the refusal' });
  await expect
    .poll(async () => (await api.call('getSyncStatus', {})).waitingToPush, { timeout: 20_000 })
    .toBe(0);
  await app.screenshots('settings-needs-attention');
});
