import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './support/fixtures';
import { dropFiles, tempFolder } from './support/estimate-files';

const text = (s: string) => new TextEncoder().encode(s);

test('documents: a 0-byte file, dropped or chosen, is its own row and the rest are estimated', async ({
  app,
}) => {
  await app.open('Estimate');
  const page = app.page;
  await dropFiles(page, page.getByTestId('document-dropzone'), [
    { name: 'empty.txt', type: 'text/plain', bytes: new Uint8Array() },
    { name: 'notes.txt', type: 'text/plain', bytes: text('x'.repeat(6000)) },
  ]);
  const table = page.getByRole('table', { name: 'Documents estimate' });
  await expect(table.getByTestId('document-row')).toHaveCount(1);
  const errorRow = table.getByTestId('document-error-row');
  await expect(errorRow.getByRole('rowheader')).toHaveText('empty.txt');
  await expect(errorRow).toContainText('empty.txt is empty (0 bytes); there is nothing to estimate.');
  await expect(page.getByText(/incomplete/)).toHaveCount(0);
  await expect(
    table
      .getByRole('row', { name: /^notes\.txt/ })
      .getByRole('cell')
      .nth(1),
  ).toHaveText('2');
  await expect(page.getByTestId('total-credits').locator('dd').first()).toHaveText('2');
  await app.screenshots('fix-documents-empty', { sizes: true });

  // Chosen through the file picker: the same answer.
  const dir = tempFolder();
  writeFileSync(join(dir, 'blank.txt'), '');
  writeFileSync(join(dir, 'more.txt'), 'y'.repeat(100));
  await page
    .getByRole('button', { name: /Clear|New estimate|Start over/ })
    .first()
    .click();
  await page
    .getByLabel('Documents to estimate')
    .setInputFiles([join(dir, 'blank.txt'), join(dir, 'more.txt')]);
  await expect(table.getByTestId('document-error-row')).toContainText('blank.txt is empty (0 bytes)');
  await expect(
    table
      .getByRole('row', { name: /^more\.txt/ })
      .getByRole('cell')
      .nth(1),
  ).toHaveText('1');
});

test('website: a page in both the sitemap and the pasted list, or with a #fragment, counts once', async ({
  app,
}) => {
  const sitemap = join(tempFolder(), 'sitemap.xml');
  const locs = Array.from({ length: 40 }, (_, i) => `<url><loc>https://help.example.com/a/${i}</loc></url>`);
  writeFileSync(
    sitemap,
    `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${locs.join('')}</urlset>`,
  );
  await app.open('Estimate');
  const page = app.page;
  await page.getByRole('tab', { name: 'Website' }).click();
  const form = page.getByRole('form', { name: 'Website estimate' });
  await form.getByLabel('Sitemap file').setInputFiles(sitemap);
  await form
    .getByLabel('Page addresses')
    .fill('https://help.example.com/a/1\nhttps://help.example.com/a/2#setup\nhttps://help.example.com/new');
  await form.getByLabel('Average characters per page').fill('1,000');
  await form.getByRole('button', { name: 'Estimate website training' }).click();
  // 40 + 1 new page, not 43; 41 pages of 1 credit + 1 crawl.
  await expect(page.getByTestId('website-pages').locator('dd').first()).toHaveText('41');
  await expect(page.getByTestId('website-expected').locator('dd').first()).toHaveText('42');
  await expect(page.getByText(/2 pasted addresses were already counted/)).toBeVisible();
  await app.screenshots('fix-website-dedup', { sizes: true });
});

test('migration: a Zendesk export under Help Scout names Zendesk, never "covers" 0 credits, and switches', async ({
  app,
}) => {
  const dir = tempFolder();
  const tickets = join(dir, 'tickets.ndjson');
  writeFileSync(
    tickets,
    [
      '{"id":1,"subject":"Refund","description":"I bought the wrong bundle.","status":"open"}',
      '{"id":2,"subject":"Bot","description":"It says try again later.","status":"solved"}',
    ].join('\n'),
  );
  await app.open('Estimate');
  const page = app.page;
  await page.getByRole('tab', { name: 'Migration' }).click();
  const form = page.getByRole('form', { name: 'Migration estimate' });
  await form.getByRole('radio', { name: 'Help Scout' }).check();
  await form.getByLabel('Export files').setInputFiles(tickets);
  await form.getByRole('button', { name: 'Estimate migration' }).click();

  const unread = page.getByRole('region', { name: 'Records that could not be read' });
  await expect(unread).toContainText('tickets.ndjson looks like a Zendesk export');
  await expect(unread).toContainText('Switch to Zendesk');
  await expect(unread).not.toContainText('not valid JSON');
  await expect(page.getByText(/covers this migration/)).toHaveCount(0);
  await expect(page.getByTestId('migration-shortfall').locator('dd').first()).toHaveText('—');
  await expect(page.getByTestId('migration-nothing-counted')).toContainText('Nothing was counted');
  await app.screenshots('fix-migration-other-platform', { sizes: true });

  await page.getByRole('button', { name: 'Switch to Zendesk and estimate again' }).click();
  await expect(form.getByRole('radio', { name: 'Zendesk' })).toBeChecked();
  await expect(page.getByRole('heading', { name: 'Zendesk migration estimate' })).toBeVisible();
  // The minimal NDJSON (id, subject, description, status) is read: 2 conversations at 0.5.
  await expect(page.getByTestId('migration-total').locator('dd').first()).toHaveText('1');
  await expect(page.getByText(/covers this migration/)).toBeVisible();
});

test('migration: records of no known platform name the fields wanted', async ({ app }) => {
  const file = join(tempFolder(), 'orders.ndjson');
  writeFileSync(file, '{"id":1,"sku":"A1"}\n{"id":2,"sku":"B2"}\n');
  await app.open('Estimate');
  const page = app.page;
  await page.getByRole('tab', { name: 'Migration' }).click();
  const form = page.getByRole('form', { name: 'Migration estimate' });
  await form.getByRole('radio', { name: 'Zendesk' }).check();
  await form.getByLabel('Export files').setInputFiles(file);
  await form.getByRole('button', { name: 'Estimate migration' }).click();
  const unread = page.getByRole('region', { name: 'Records that could not be read' });
  await expect(unread).toContainText('fields: id, sku');
  await expect(unread).toContainText('A Zendesk ticket needs id, subject and description');
  await expect(page.getByText(/covers this migration/)).toHaveCount(0);
});
