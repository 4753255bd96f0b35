import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './support/fixtures';
import { makeZip } from '../documents/support/make-files';

const FIXTURES = join(import.meta.dirname, '../fixtures/migration');

test('a Zendesk export plus typed counts: credits, shortfall and bundle plan; saved, exported, re-opened, deleted', async ({
  app,
}) => {
  await app.open('Estimate');
  const page = app.page;
  // The tabs follow the WAI-ARIA pattern: arrow keys move between them.
  await page.getByRole('tab', { name: 'Documents' }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const tab = page.getByRole('tab', { name: 'Migration' });
  await expect(tab).toBeFocused();
  await expect(tab).toHaveAttribute('aria-selected', 'true');

  const form = page.getByRole('form', { name: 'Migration estimate' });
  await form.getByRole('radio', { name: 'Zendesk' }).check();
  // An empty form says what to give.
  await form.getByRole('button', { name: 'Estimate migration' }).click();
  await expect(form.getByText('Choose the export files, or type the counts below.')).toBeVisible();

  // 3 tickets in the file (one deleted, skipped; line 4 is not JSON) + 4,000 typed conversations.
  await form.getByLabel('Export files').setInputFiles(join(FIXTURES, 'zendesk-tickets.ndjson'));
  await expect(form.getByText('zendesk-tickets.ndjson')).toBeVisible();
  await form.getByLabel('Conversations').fill('4,000');
  await form.getByLabel('Articles').fill('12');
  await form.getByLabel('Document pages').fill('30');
  await form.getByRole('button', { name: 'Estimate migration' }).click();

  // 4,003 × 0.5 + 12 × 1 + 30 × 1 = 2,043.5 credits against the 1,000 monthly credits.
  await expect(page.getByTestId('migration-total').locator('dd').first()).toHaveText('2,043.5');
  await expect(page.getByTestId('migration-balance').locator('dd').first()).toHaveText('1,000');
  await expect(page.getByTestId('migration-shortfall').locator('dd').first()).toHaveText('1,043.5');
  const byKind = page.getByRole('table', { name: 'Migration credits by kind' });
  const cells = (what: string) => byKind.getByRole('row', { name: new RegExp(`^${what}`) }).getByRole('cell');
  await expect(cells('Conversations')).toHaveText(['4,003', '0.5', '2,001.5']);
  await expect(cells('Articles')).toHaveText(['12', '1', '12']);
  await expect(cells('Document pages')).toHaveText(['30', '1', '30']);
  const plan = page.getByTestId('migration-plan');
  await expect(plan.getByRole('row', { name: /^1,000 credits/ }).getByRole('cell')).toHaveText([
    '2',
    '2,000',
    '$20.00',
  ]);
  await expect(plan.getByTestId('plan-credits')).toHaveText('2,000');
  await expect(plan.getByTestId('plan-price')).toHaveText('$20.00');
  await expect(page.getByText('Skipped 1 record: 0 spam, 1 deleted, 0 drafts.')).toBeVisible();
  const unread = page.getByRole('region', { name: 'Records that could not be read' });
  await expect(unread.getByRole('row', { name: /zendesk-tickets\.ndjson/ })).toContainText('Not valid JSON');
  await app.screenshots('estimate-migration');

  // Save under a title; it shows in the list with its credits.
  await page.getByLabel('Title').fill('Zendesk move, Q1');
  await page.getByRole('button', { name: 'Save estimate' }).click();
  const saved = page.getByRole('list', { name: 'Saved estimates' }).getByTestId('saved-estimate');
  await expect(saved).toHaveCount(1);
  await expect(saved).toContainText('Zendesk move, Q1');
  await expect(saved).toContainText('2,043.5 credits');
  await expect(saved).toContainText('On screen');

  // CSV of the saved estimate: exact decimals, the plan with its price.
  const download = page.waitForEvent('download');
  await saved.getByRole('button', { name: 'Export Zendesk move, Q1 as CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^creditdesk-estimate-zendesk-move-q1-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = readFileSync(await file.path(), 'utf8')
    .trim()
    .split('\r\n');
  expect(lines.slice(0, 11)).toEqual([
    'item,quantity,credits,price,currency',
    'Platform,Zendesk,,,',
    'Conversations,4003,2001.5,,',
    'Articles,12,12,,',
    'Document pages,30,30,,',
    'Total,,2043.5,,',
    'Skipped records,1,,,',
    'Current balance,,1000,,',
    'Shortfall,,1043.5,,',
    '"Bundle 1,000 credits",2,2000,20.00,USD',
    'Bundle plan total,,2000,20.00,USD',
  ]);
  expect(lines.some((l) => l.startsWith('"Error in zendesk-tickets.ndjson line 4: Not valid JSON'))).toBe(
    true,
  );

  // A fresh session: the saved estimate re-opens with its stored result and its typed counts.
  await page.reload();
  await app.open('Estimate');
  await expect(page.getByRole('tab', { name: 'Documents' })).toHaveAttribute('aria-selected', 'true');
  await saved.getByRole('button', { name: 'Open Zendesk move, Q1' }).click();
  await expect(page.getByRole('tab', { name: 'Migration' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('saved-banner')).toContainText('Saved estimate “Zendesk move, Q1”');
  await expect(page.getByTestId('saved-banner')).toContainText(
    'It counted zendesk-tickets.ndjson; choose those files again to run it anew.',
  );
  await expect(page.getByTestId('migration-total').locator('dd').first()).toHaveText('2,043.5');
  await expect(page.getByTestId('migration-shortfall').locator('dd').first()).toHaveText('1,043.5');
  await expect(page.getByTestId('migration-plan').getByTestId('plan-price')).toHaveText('$20.00');
  await expect(form.getByRole('radio', { name: 'Zendesk' })).toBeChecked();
  await expect(form.getByLabel('Conversations')).toHaveValue('4000');
  await expect(page.getByLabel('Title')).toHaveValue('Zendesk move, Q1');
  await app.screenshots('estimate-saved');

  // Deleting asks first, then empties the list.
  await saved.getByRole('button', { name: 'Delete Zendesk move, Q1' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete saved estimate' });
  await expect(dialog).toContainText('“Zendesk move, Q1” will be removed from this computer.');
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('No saved estimates')).toBeVisible();
});

test('a migration the balance covers shows no shortfall and no plan', async ({ app }) => {
  await app.open('Estimate');
  const page = app.page;
  await page.getByRole('tab', { name: 'Migration' }).click();
  const form = page.getByRole('form', { name: 'Migration estimate' });
  await expect(form.getByRole('radio', { name: 'Help Scout' })).toBeChecked();
  await form.getByLabel('Export files').setInputFiles(join(FIXTURES, 'helpscout-conversations.json'));
  await form.getByLabel('Articles').fill('forty');
  await form.getByRole('button', { name: 'Estimate migration' }).click();
  await expect(form.getByText('Enter a whole number, e.g. 12,000.')).toBeVisible();
  await form.getByLabel('Articles').fill('40');
  await form.getByRole('button', { name: 'Estimate migration' }).click();
  // 2 conversations (spam, deleted and draft skipped) × 0.5 + 40 articles = 41 credits.
  await expect(page.getByTestId('migration-total').locator('dd').first()).toHaveText('41');
  await expect(page.getByTestId('migration-shortfall').locator('dd').first()).toHaveText('None');
  await expect(page.getByText('The balance covers this migration with 959 credits to spare.')).toBeVisible();
  await expect(page.getByTestId('migration-plan')).toHaveCount(0);
});

test('an Intercom export ZIP dropped as it is: each export inside counted, the rest named', async ({
  app,
}) => {
  await app.open('Estimate');
  const page = app.page;
  await page.getByRole('tab', { name: 'Migration' }).click();
  const form = page.getByRole('form', { name: 'Migration estimate' });
  await form.getByRole('radio', { name: 'Intercom' }).check();
  const zip = makeZip([
    { name: 'conversations.csv', data: readFileSync(join(FIXTURES, 'intercom-conversations.csv')) },
    { name: 'articles.json', data: readFileSync(join(FIXTURES, 'intercom-articles.json')) },
    { name: 'avatars/agent.png', data: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) },
  ]);
  await form.getByLabel('Export files').setInputFiles({
    name: 'intercom-export.zip',
    mimeType: 'application/zip',
    buffer: Buffer.from(zip),
  });
  await form.getByRole('button', { name: 'Estimate migration' }).click();

  // 3 conversations × 0.5 + 2 articles × 1 (the draft skipped) = 3.5 credits.
  await expect(page.getByTestId('migration-total').locator('dd').first()).toHaveText('3.5');
  const byKind = page.getByRole('table', { name: 'Migration credits by kind' });
  const cells = (what: string) => byKind.getByRole('row', { name: new RegExp(`^${what}`) }).getByRole('cell');
  await expect(cells('Conversations')).toHaveText(['3', '0.5', '1.5']);
  await expect(cells('Articles')).toHaveText(['2', '1', '2']);
  await expect(
    page.getByText('Not counted from intercom-export.zip (not JSON or CSV): avatars/agent.png.'),
  ).toBeVisible();
  const unread = page.getByRole('region', { name: 'Records that could not be read' });
  await expect(unread.getByRole('row', { name: /intercom-export\.zip › conversations\.csv/ })).toContainText(
    'Malformed CSV row',
  );
  await app.screenshots('estimate-migration-zip');
});
