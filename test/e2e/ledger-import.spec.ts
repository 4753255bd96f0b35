import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './support/fixtures';
import { tempFolder } from './support/estimate-files';
import { csvTemplate, ndjsonTemplate } from '../../src-shared/import/format';

test('the import dialog shows the accepted columns and gives both templates', async ({ app }) => {
  await app.open('Ledger');
  const page = app.page;
  await page.getByRole('button', { name: 'Import usage' }).click();
  const columns = page.getByRole('table', { name: 'Accepted columns' });
  await expect(columns.getByRole('row', { name: /^occurred_at/ })).toContainText('Every row');
  await expect(columns.getByRole('row', { name: /^occurred_at/ })).toContainText('2026-11-03T09:15:00Z');
  await expect(columns.getByRole('row', { name: /^origin/ })).toContainText('For website_crawl');
  await expect(page.getByTestId('import-example')).toContainText('evt-1001,2026-11-03T09:15:00Z,ai_reply');
  await app.screenshots('ledger-import-guide', { sizes: true });

  for (const [button, name, text] of [
    ['CSV template', 'creditdesk-usage-template.csv', csvTemplate()],
    ['NDJSON template', 'creditdesk-usage-template.ndjson', ndjsonTemplate()],
  ] as const) {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: button }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(name);
    expect(readFileSync(await file.path(), 'utf8')).toBe(text);
  }
});

test('a CSV with its own column names is matched, warns about the column it ignores, and imports', async ({
  app,
  api,
}) => {
  const file = join(tempFolder(), 'helpdesk-usage.csv');
  writeFileSync(
    file,
    [
      'Ticket,When,Action,Labels,Agent',
      'z-1,2026-11-10T09:00:00Z,ai_label,150,ana',
      'z-2,2026-11-10T09:05:00Z,ai_prioritize,,ben',
    ].join('\n'),
  );
  await app.open('Ledger');
  const page = app.page;
  await page.getByRole('button', { name: 'Import usage' }).click();
  await page.locator('input[type=file]').setInputFiles(file);
  const mapping = page.getByRole('form', { name: 'Match your columns' });
  await expect(mapping).toContainText('helpdesk-usage.csv is a CSV file with 5 columns');
  // "Action" is read as kind (an alias); the time column every row needs is asked for.
  await expect(mapping.getByLabel('Your column for kind')).toHaveValue('Action');
  await expect(mapping.getByRole('alert')).toHaveText(
    'Choose the column for occurred_at: every row needs it.',
  );
  await expect(mapping.getByRole('button', { name: 'Import helpdesk-usage.csv' })).toBeDisabled();
  await mapping.getByLabel('Your column for event_id').selectOption('Ticket');
  await mapping.getByLabel('Your column for occurred_at').selectOption('When');
  await mapping.getByLabel('Your column for label_count').selectOption('Labels');
  await expect(mapping.getByTestId('import-ignored')).toContainText('not read and will be ignored: Agent');
  await app.screenshots('ledger-import-mapping', { sizes: true });
  await mapping.getByRole('button', { name: 'Import helpdesk-usage.csv' }).click();

  const outcome = page.getByTestId('import-outcome');
  await expect(outcome.getByTestId('import-imported')).toHaveText('2');
  await expect(outcome.getByTestId('import-ignored')).toContainText('agent');
  // 150 labels: 2 credits; a prioritize: 1.
  const rows = (await api.call('listLedger', { limit: 10 })).rows;
  expect(rows.find((r) => r.id === 'usage:z-1')?.amount).toBe(-2000);
  expect(rows.find((r) => r.id === 'usage:z-2')?.amount).toBe(-1000);
});

test('a bad file lists every row error at once, in plain words', async ({ app }) => {
  const file = join(tempFolder(), 'bad-usage.csv');
  writeFileSync(
    file,
    [
      'event_id,occurred_at,kind,chars,origin',
      'b-1,yesterday,document,,',
      'b-2,2026-11-10T09:00:00Z,website_crawl,,',
      'b-3,2026-11-10T09:00:00Z,teleport,,',
      'b-4,2026-11-10T09:00:00Z,page_scrape,-4,',
      'b-5,2026-11-10T09:00:00Z,document,4000,',
      'b-6,2026-11-10T09:00:00Z,website_crawl,,help desk',
    ].join('\n'),
  );
  await app.open('Ledger');
  const page = app.page;
  await page.getByRole('button', { name: 'Import usage' }).click();
  await page.locator('input[type=file]').setInputFiles(file);
  await page.getByRole('button', { name: 'Import bad-usage.csv' }).click();
  const outcome = page.getByTestId('import-outcome');
  await expect(outcome.getByTestId('import-imported')).toHaveText('1');
  const list = outcome.getByTestId('import-error-list').getByRole('listitem');
  await expect(list).toHaveText([
    'Line 2: occurred_at "yesterday" is not an ISO 8601 time with a zone (e.g. 2026-11-03T09:15:00Z) or epoch milliseconds; chars is missing; kind document needs it: characters of cleaned text; a page is 5,000 characters (e.g. 12000)',
    'Line 3: origin is missing; kind website_crawl needs it: the crawled site (an http(s) address); a site is charged once (e.g. https://help.example.com)',
    /^Line 4: kind "teleport" is not an action; use one of ai_reply/,
    'Line 5: chars "-4" is not a whole number ≥ 0',
    'Line 7: origin "help desk" is not an http(s) site address (e.g. https://help.example.com)',
  ]);
  await expect(outcome).toContainText('These 5 rows were skipped');
  await expect(outcome).not.toContainText(/expected|received|undefined/i);
  await app.screenshots('ledger-import-errors', { sizes: true });
});
