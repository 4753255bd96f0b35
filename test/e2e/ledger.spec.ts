import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, DAY } from './support/fixtures';
import { generateUsage, type UsageBatchSpec } from './support/usage-generator';

const NOW = Date.now();
/** 5,000 entries from another machine over the last 20 days: enough to need virtualization. */
const REMOTE: UsageBatchSpec = {
  count: 5000,
  from: NOW - 20 * DAY,
  to: NOW - 3_600_000,
  machineId: 'm-remote-laptop',
  prefix: 'remote',
};
const remoteEntries = generateUsage(REMOTE);
const countRemote = (keep: (e: (typeof remoteEntries)[number]) => boolean) =>
  remoteEntries.filter(keep).length;
const utcDay = (ms: number) => Math.floor(ms / DAY) * DAY;
const dateInput = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const fmt = (n: number) => n.toLocaleString('en-US');
const BULK_ROWS = 20_000;

test.use({ seedUsage: [REMOTE] });

test('filters narrow the ledger; a usage row explains its price and can be reversed; adjustments', async ({
  api,
  app,
}) => {
  for (let i = 0; i < 3; i++) await api.call('recordUsage', { action: { kind: 'ai_label' } });
  await api.call('purchaseBundle', { bundleId: 'b1k' });
  const { total } = await api.call('listLedger', { limit: 1 });
  expect(total).toBeGreaterThanOrEqual(5004);

  await app.open('Ledger');
  const page = app.page;
  const count = page.getByTestId('ledger-count');
  await expect(count).toHaveText(`${fmt(total)} entries`);
  // Only the rows on screen exist in the page.
  const grid = page.getByRole('grid', { name: 'Ledger entries' });
  await expect(grid).toHaveAttribute('aria-rowcount', String(total + 1));
  expect(await grid.getByRole('row').count()).toBeLessThan(80);

  const filters = page.getByRole('search', { name: 'Ledger filters' });
  const choose = async (menu: string, option: string) => {
    await filters.locator('summary', { hasText: `${menu}:` }).click();
    await filters.getByRole('checkbox', { name: option, exact: true }).check();
    await page.keyboard.press('Escape');
  };

  await choose('Kind', 'Usage');
  await expect(count).toHaveText('5,003 entries match the filters');
  await choose('Action', 'AI label');
  const labels = countRemote((e) => e.kind === 'usage' && e.actionKind === 'ai_label');
  await expect(count).toHaveText(`${fmt(labels + 3)} entries match the filters`);
  await filters.getByLabel('Machine').selectOption('m-remote-laptop');
  await expect(count).toHaveText(`${fmt(labels)} entries match the filters`);

  // Dates are UTC days, "To" included.
  const from = utcDay(NOW - 10 * DAY);
  const to = utcDay(NOW - 6 * DAY) + DAY;
  await filters.getByLabel('From').fill(dateInput(from));
  await filters.getByLabel('To').fill(dateInput(to - DAY));
  const inRange = countRemote(
    (e) => e.actionKind === 'ai_label' && e.occurredAt >= from && e.occurredAt < to,
  );
  await expect(count).toHaveText(`${fmt(inRange)} entries match the filters`);
  await app.screenshots('ledger-filtered');

  await filters.getByRole('button', { name: 'Clear filters' }).click();
  await expect(count).toHaveText(`${fmt(total)} entries`);
  await choose('Bucket', 'Bundle');
  await expect(count).toHaveText('1 entry matches the filters');
  await filters.getByRole('button', { name: 'Clear filters' }).click();

  // The newest label usage, recorded on this machine: its price explained.
  await choose('Action', 'AI label');
  await grid.getByRole('row').nth(1).click();
  const details = page.getByRole('complementary', { name: 'Entry details' });
  await expect(details.getByRole('heading', { name: 'AI label' })).toBeVisible();
  await expect(details.getByTestId('price-explanation')).toHaveText('AI label, 20 labels: 1 credit');
  await expect(details).toContainText('ai_label:base');
  await expect(details).toContainText('default-1');
  await expect(details.getByText('Label count')).toBeVisible();
  await expect(details).toContainText('-1 credits');

  const before = (await api.call('getOverview', {})).balance.total;
  await details.getByRole('button', { name: /Reverse this charge/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Reverse a charge' });
  await expect(dialog.getByRole('button', { name: 'Record reversal' })).toBeDisabled();
  await dialog.getByLabel('Reason').fill('Label applied twice by a retry');
  await dialog.getByRole('button', { name: 'Record reversal' }).click();
  await expect(dialog).toBeHidden();
  await expect(details.getByTestId('reversed-note')).toContainText('Reversed by reversal:usage:');
  expect((await api.call('getOverview', {})).balance.total).toBe(before + 1000);
  await filters.getByRole('button', { name: 'Clear filters' }).click();
  await choose('Kind', 'Reversal');
  await expect(count).toHaveText('1 entry matches the filters');
  await expect(grid.getByRole('row').nth(1)).toContainText('+1');
  await expect(grid.getByRole('row').nth(1)).toContainText('Label applied twice by a retry');

  // An adjustment with a reason, in credits with decimals.
  await filters.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByRole('button', { name: 'Adjust…' }).click();
  const adjust = page.getByRole('dialog', { name: 'Record an adjustment' });
  await adjust.getByLabel('Amount (credits)').fill('-2.5');
  await expect(adjust).toContainText('-2.5 credits');
  await adjust.getByLabel('Reason').fill('Goodwill correction');
  await adjust.getByRole('button', { name: 'Record adjustment' }).click();
  await expect(adjust).toBeHidden();
  await choose('Kind', 'Adjustment');
  await expect(grid.getByRole('row').nth(1)).toContainText('Adjustment: Goodwill correction');
  await expect(grid.getByRole('row').nth(1)).toContainText('-2.5');
  expect((await api.call('getOverview', {})).balance.total).toBe(before + 1000 - 2500);
});

test('keyboard: End reaches the oldest of thousands of entries and Enter opens it', async ({ app }) => {
  await app.open('Ledger');
  const page = app.page;
  const filters = page.getByRole('search', { name: 'Ledger filters' });
  await filters.locator('summary', { hasText: 'Kind:' }).click();
  await filters.getByRole('checkbox', { name: 'Usage', exact: true }).check();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('ledger-count')).toHaveText('5,000 entries match the filters');

  const grid = page.getByRole('grid', { name: 'Ledger entries' });
  await grid.focus();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  const details = page.getByRole('complementary', { name: 'Entry details' });
  await expect(details).toContainText('usage:remote-0');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(details).toContainText('usage:remote-4998');
  await app.screenshots('ledger');

  // The date column's header changes the order.
  await grid.getByRole('button', { name: /^Date, newest first/ }).click();
  await expect(grid.getByRole('columnheader', { name: /Date/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(grid.getByRole('row').nth(1)).toHaveAttribute('data-entry-id', 'usage:remote-0');
});

test('imports usage from CSV with a progress bar and row errors, idempotently; exports CSV', async ({
  api,
  app,
}) => {
  const file = join(tmpdir(), `creditdesk-import-${process.pid}-${Date.now()}.csv`);
  const at = new Date(NOW - 2 * DAY).toISOString();
  // Enough rows that the import runs for a moment and shows its progress.
  const bulk = Array.from({ length: BULK_ROWS }, (_, i) => `bulk-${i},${at},ai_prioritize,,`);
  writeFileSync(
    file,
    [
      'event_id,occurred_at,kind,label_count,chars',
      `imp-1,${at},ai_label,150,`,
      `imp-2,${at},document,,12000`,
      `imp-3,${at},conversation_embedding,,`,
      `imp-4,yesterday,ai_label,,`,
      ...bulk,
    ].join('\n'),
  );
  await app.open('Ledger');
  const page = app.page;
  await page.getByRole('button', { name: 'Import usage' }).click();
  await page.locator('input[type=file]').setInputFiles(file);
  // Our own column names: every field is matched already.
  await page.getByRole('button', { name: /^Import creditdesk-import-/ }).click();
  await expect(page.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();
  const outcome = page.getByTestId('import-outcome');
  await expect(outcome.getByTestId('import-imported')).toHaveText(fmt(BULK_ROWS + 3), { timeout: 60_000 });
  await expect(outcome).toContainText('Line 5');
  await expect(outcome).toContainText('occurred_at "yesterday"');
  await app.screenshots('ledger-import');
  await outcome.getByRole('button', { name: 'Done' }).click();

  // The same file again adds nothing.
  await page.locator('input[type=file]').setInputFiles(file);
  await page.getByRole('button', { name: /^Import creditdesk-import-/ }).click();
  await expect(outcome.getByTestId('import-imported')).toHaveText('0', { timeout: 60_000 });
  await expect(outcome.getByText('Already recorded').locator('..')).toContainText(fmt(BULK_ROWS + 3));
  await outcome.getByRole('button', { name: 'Done' }).click();

  // Export the imported rows: 150 labels cost 2; 12,000 characters are 3 pages; an embedding is 0.5.
  const filters = page.getByRole('search', { name: 'Ledger filters' });
  await filters.getByLabel('From').fill(dateInput(NOW - 2 * DAY));
  await filters.getByLabel('To').fill(dateInput(NOW - 2 * DAY));
  await filters.locator('summary', { hasText: 'Action:' }).click();
  for (const kind of ['AI label', 'Document', 'Conversation embedding'])
    await filters.getByRole('checkbox', { name: kind, exact: true }).check();
  await page.keyboard.press('Escape');
  const { machineId } = await api.call('getAppInfo', {});
  await filters.getByLabel('Machine').selectOption(machineId);
  await expect(page.getByTestId('ledger-count')).toHaveText('3 entries match the filters');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toMatch(/^creditdesk-ledger-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = readFileSync(await saved.path(), 'utf8')
    .trim()
    .split('\r\n');
  expect(lines[0]).toBe(
    'id,occurred_at,kind,bucket,action,description,amount_credits,amount_millicredits,rule,rate_card,explanation,reason,usage_id,price_minor,currency,machine,machine_name,recorded_at,recorded_by',
  );
  expect(lines).toHaveLength(4);
  const byId = new Map(lines.slice(1).map((l) => [l.split(',')[0], l.split(',')]));
  expect(byId.get('usage:imp-1')?.[6]).toBe('-2');
  expect(byId.get('usage:imp-2')?.[6]).toBe('-3');
  expect(byId.get('usage:imp-3')?.[6]).toBe('-0.5');
  expect(byId.get('usage:imp-3')?.[7]).toBe('-500');
  expect(byId.get('usage:imp-3')?.[15]).toBe(machineId);
});
