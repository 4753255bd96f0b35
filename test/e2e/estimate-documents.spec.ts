import { closeSync, openSync, readdirSync, statSync, ftruncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './support/fixtures';
import { dropFiles, tempFolder, textPdf, writeFiles, type DroppedFile } from './support/estimate-files';

/** 1,200 eight-letter words and single spaces: 10,799 characters of cleaned text, so 3 pages. */
const GUIDE = Array.from({ length: 1200 }, (_, i) => `word${String(i).padStart(4, '0')}`).join(' ');
const POLICY = 'Refund policy. Customers can ask for a refund within 30 days.';

async function threeFiles(): Promise<DroppedFile[]> {
  const garbage = new Uint8Array(4096);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 251;
  return [
    { name: 'guide.txt', type: 'text/plain', bytes: new TextEncoder().encode(GUIDE) },
    { name: 'broken.pdf', type: 'application/pdf', bytes: garbage },
    { name: 'policy.pdf', type: 'application/pdf', bytes: await textPdf(POLICY) },
  ];
}

test('three dropped files, one corrupt: two results, an error row and totals; recorded as training once', async ({
  app,
  api,
}) => {
  expect(GUIDE.length).toBe(10_799);
  expect(POLICY.length).toBe(61);
  const files = await threeFiles();
  await app.open('Estimate');
  const page = app.page;
  await expect(page.getByRole('tab', { name: 'Documents' })).toHaveAttribute('aria-selected', 'true');

  await dropFiles(page, page.getByTestId('document-dropzone'), files);

  const table = page.getByRole('table', { name: 'Documents estimate' });
  await expect(table).toBeVisible();
  await expect(table.getByTestId('document-row')).toHaveCount(2);
  await expect(table.getByTestId('document-error-row')).toHaveCount(1);
  // Rows keep the drop order; cells after the file name: characters, pages, credits, training.
  const cells = (name: string) => table.getByRole('row', { name: new RegExp(`^${name}`) }).getByRole('cell');
  await expect(cells('guide.txt')).toHaveText(['10,799', '3', '3', 'Not recorded']);
  await expect(cells('policy.pdf')).toHaveText(['61', '1', '1', 'Not recorded']);
  const errorRow = table.getByTestId('document-error-row');
  await expect(errorRow.getByRole('rowheader')).toHaveText('broken.pdf');
  // The error says what is wrong and what to do about it.
  await expect(errorRow).toContainText('This file is named .pdf but is not a PDF');
  await expect(errorRow).toContainText('export the document to PDF again');

  await expect(page.getByTestId('total-files').locator('dd').first()).toHaveText('3');
  await expect(page.getByTestId('total-errors').locator('dd').first()).toHaveText('1');
  await expect(page.getByTestId('total-chars').locator('dd').first()).toHaveText('10,860');
  await expect(page.getByTestId('total-pages').locator('dd').first()).toHaveText('4');
  await expect(page.getByTestId('total-credits').locator('dd').first()).toHaveText('4');
  await expect(table.getByTestId('document-totals-row')).toHaveText(/Total, 3 files\s*10,860\s*4\s*4/);
  await expect(page.getByText('Adds 4 credits of usage for 2 files not yet recorded.')).toBeVisible();
  await app.screenshots('estimate-documents');

  // Record: two usage entries, 4 credits off the 1,000 monthly credits.
  await page.getByRole('button', { name: 'Record as training' }).click();
  // It spends credits, so it asks first, like a purchase; the toast says credits were spent.
  const confirm = page.getByRole('dialog', { name: 'Record as training?' });
  await expect(confirm).toContainText('This spends 4 credits from the balance for 2 files');
  await confirm.getByRole('button', { name: 'Spend 4 credits' }).click();
  const outcome = page.getByTestId('record-outcome');
  await expect(outcome).toHaveText('Recorded 2 files as training: 4 credits spent.');
  await expect(
    page.getByRole('status').filter({ hasText: 'Spent 4 credits: recorded 2 files as training.' }),
  ).toBeVisible();
  await expect(cells('guide.txt').last()).toHaveText('Recorded');
  await expect(cells('policy.pdf').last()).toHaveText('Recorded');
  await app.go('Overview');
  await expect(page.getByTestId('balance-total')).toContainText('996 credits');

  // The estimate is still on the Estimate page; recording it again changes nothing.
  await app.go('Estimate');
  await expect(page.getByText('Every readable file is already recorded as training')).toBeVisible();
  await page.getByRole('button', { name: 'Record as training' }).click();
  await expect(outcome).toHaveText(
    'Nothing new to record: 2 files were already recorded as training, so the ledger is unchanged.',
  );
  await app.go('Overview');
  await expect(page.getByTestId('balance-total')).toContainText('996 credits');
  const usage = await api.call('listLedger', { filter: { kinds: ['usage'] } });
  expect(usage.total).toBe(2);
  expect(usage.rows.map((r) => r.amount).sort((a, b) => a - b)).toEqual([-3000, -1000]);

  // The same files picked again: already recorded, nothing more to add.
  await app.go('Estimate');
  const paths = writeFiles(tempFolder(), files);
  await page.getByLabel('Documents to estimate').setInputFiles(paths);
  await expect(page.getByTestId('record-outcome')).toBeHidden();
  await expect(cells('guide.txt').last()).toHaveText('Recorded');
  await expect(cells('policy.pdf').last()).toHaveText('Recorded');
  await expect(page.getByText('Every readable file is already recorded as training')).toBeVisible();
});

test('a file over 200 MB gets its error row without an upload; an estimate can be cancelled', async ({
  app,
  host,
}) => {
  const dir = tempFolder();
  // Sparse: 201 MB on paper, nothing on disk; the picker hands the browser its size only.
  const huge = join(dir, 'archive.txt');
  const fd = openSync(huge, 'w');
  ftruncateSync(fd, 201 * 1024 * 1024);
  closeSync(fd);
  const small = join(dir, 'faq.txt');
  writeFileSync(small, 'Where is my order? It ships in two days.');

  await app.open('Estimate');
  const page = app.page;
  const picker = page.getByLabel('Documents to estimate');
  await picker.setInputFiles([huge, small]);
  const table = page.getByRole('table', { name: 'Documents estimate' });
  await expect(table.getByTestId('document-row')).toHaveCount(1);
  const refused = table.getByTestId('document-error-row');
  await expect(refused).toContainText('archive.txt is 201 MB, over the 200 MB limit per file.');
  await expect(refused).toContainText('Split it into smaller files');
  await expect(page.getByTestId('total-files').locator('dd').first()).toHaveText('2');
  await expect(page.getByTestId('total-errors').locator('dd').first()).toHaveText('1');
  const staged = readdirSync(join(host.dataDir, 'uploads')).map(
    (f) => statSync(join(host.dataDir, 'uploads', f)).size,
  );
  expect(staged.length).toBe(1);
  expect(Math.max(...staged)).toBeLessThan(1024);

  // 80 MB travels to the web host in 1 MB chunks (seconds): long enough for pictures and a cancel.
  const big = join(dir, 'handbook.txt');
  writeFileSync(big, 'lorem ipsum dolor '.repeat((80 * 1024 * 1024) / 18));
  await picker.setInputFiles(big);
  const progress = page.getByRole('region', { name: 'Estimate progress' });
  await expect(progress.getByRole('progressbar', { name: 'Batch progress' })).toBeVisible();
  await expect(progress.getByRole('progressbar', { name: 'Progress of handbook.txt' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Choose files…' })).toBeDisabled();
  await app.screenshots('estimate-documents-progress');
  await progress.getByRole('button', { name: 'Cancel estimate' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Estimate cancelled; nothing was charged.' }),
  ).toBeVisible();
  await expect(progress).toBeHidden();
  await expect(table).toBeHidden();
  await expect(page.getByRole('button', { name: 'Choose files…' })).toBeEnabled();
});
