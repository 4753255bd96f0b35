import { readFileSync } from 'node:fs';
import { test, expect, DAY } from './support/fixtures';

/**
 * Issue #11, observation 3: after usage beyond the monthly credits and a −2,000 correction,
 * "Consumption by bucket" equals "Used in range", has no negative bar, shows what no credit covered
 * as its own bar, and gives shares in percent that add up to 100 %.
 */
test('consumption by bucket adds up to the usage in range, in any range', async ({ api, app }) => {
  const now = Date.now();
  // 1,500 credits of usage two days ago against this cycle's 1,000 (or last cycle's, early in a month).
  for (let i = 0; i < 300; i++)
    await api.call('recordUsage', { action: { kind: 'ai_reply' }, occurredAt: now - 2 * DAY });
  await api.call('recordAdjustment', { amount: -2_000_000, reason: 'billing correction' });

  await app.open('Usage analytics');
  const page = app.page;
  await page.getByRole('button', { name: '7 days' }).click();
  await expect(page.getByTestId('range-total')).toContainText('1,500 credits');
  const chart = page.getByTestId('chart-buckets');
  await expect(chart).toContainText('1,500 credits consumed');
  const panel = page.locator('.panel').filter({ has: chart });
  await panel.getByRole('button', { name: 'Show table' }).click();
  const rows = chart.getByRole('table').getByRole('row');
  await expect(rows.filter({ hasText: 'Monthly' })).toContainText('1,000');
  await expect(rows.filter({ hasText: 'Not covered (overdraft)' })).toContainText('500');
  await expect(rows.filter({ hasText: 'Monthly' })).toContainText('66.67 %');
  await expect(rows.filter({ hasText: 'Not covered (overdraft)' })).toContainText('33.33 %');
  await expect(chart.getByRole('columnheader', { name: 'Share (%)' })).toBeVisible();
  // No bar is negative: every value cell is a plain non-negative amount.
  await expect(chart.getByRole('table')).not.toContainText('−');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /Export consumption by bucket as CSV/ }).click();
  const csv = readFileSync(await (await download).path(), 'utf8')
    .trim()
    .split('\r\n');
  expect(csv[0]).toBe('Bucket,Credits,Share (%)');
  const body = csv
    .slice(1)
    .filter((line) => !line.startsWith('Not usage'))
    .map((line) => line.split(','));
  expect(body.every(([, credits]) => Number(credits) >= 0)).toBe(true);
  expect(body.reduce((sum, [, credits]) => sum + Number(credits), 0)).toBe(1500);
  expect(body.reduce((sum, [, , share]) => sum + Number(share), 0)).toBeCloseTo(100, 6);

  await app.screenshots('analytics-buckets');

  // A wider range that contains the same days shows the same figures.
  await page.getByRole('button', { name: '90 days' }).click();
  await expect(chart).toContainText('1,500 credits consumed');
  await expect(rows.filter({ hasText: 'Not covered (overdraft)' })).toContainText('500');
});
