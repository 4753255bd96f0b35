import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './support/fixtures';
import { tempFolder } from './support/estimate-files';

test('a sitemap and pasted addresses with an average page size: min, expected and max credits per site', async ({
  app,
}) => {
  const sitemap = join(tempFolder(), 'sitemap.xml');
  const urls = Array.from({ length: 40 }, (_, i) => `<url><loc>https://help.example.com/a/${i}</loc></url>`);
  writeFileSync(
    sitemap,
    `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls.join('')}</urlset>`,
  );

  await app.open('Estimate');
  const page = app.page;
  await page.getByRole('tab', { name: 'Website' }).click();
  const form = page.getByRole('form', { name: 'Website estimate' });
  await form.getByRole('button', { name: 'Estimate website training' }).click();
  await expect(
    form.getByText('Choose a sitemap.xml file or paste page addresses, one per line.'),
  ).toBeVisible();

  await form.getByLabel('Sitemap file').setInputFiles(sitemap);
  await expect(form.getByRole('button', { name: 'Remove sitemap.xml' })).toBeVisible();
  await form
    .getByLabel('Page addresses')
    .fill('https://docs.example.com/x\nhttps://docs.example.com/y\nnot an address');
  await form.getByLabel('Average characters per page').fill('6,000');
  await form.getByRole('button', { name: 'Estimate website training' }).click();

  // 42 pages of 6,000 characters: 2 pages each expected, so 84 + one crawl per site (2) = 86.
  await expect(page.getByTestId('website-expected')).toContainText('86');
  await expect(page.getByTestId('website-pages')).toContainText('42');
  const min = Number(
    (await page.getByTestId('website-min').locator('dd').first().innerText()).replace(/,/g, ''),
  );
  const max = Number(
    (await page.getByTestId('website-max').locator('dd').first().innerText()).replace(/,/g, ''),
  );
  // The page rule allows 42 × 6,000 characters to fall on 51 to 92 pages, plus the two crawls.
  expect(min).toBeGreaterThanOrEqual(53);
  expect(min).toBeLessThan(86);
  expect(max).toBeGreaterThan(86);
  expect(max).toBeLessThanOrEqual(94);
  const sites = page.getByRole('table', { name: 'Pages per site' });
  await expect(sites.getByRole('row', { name: /help\.example\.com/ }).getByRole('cell')).toHaveText(['40']);
  await expect(sites.getByRole('row', { name: /docs\.example\.com/ }).getByRole('cell')).toHaveText(['2']);
  await expect(page.getByText('1 pasted lines are not http(s) addresses and were left out.')).toBeVisible();
  const range = page.getByRole('table', { name: 'Website credits range' });
  await expect(range.getByRole('row', { name: /^Crawl credits/ }).getByRole('cell')).toHaveText([
    '2',
    '2',
    '2',
  ]);
  await app.screenshots('estimate-website');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export the website estimate as CSV' }).click();
  const lines = readFileSync(await (await download).path(), 'utf8')
    .trim()
    .split('\r\n');
  expect(lines[0]).toBe('item,pages,min,expected,max');
  expect(lines).toContain('Site https://help.example.com,40,,,');
  expect(lines).toContain('Website crawls,,2,2,2');
  expect(lines).toContain(`Total credits,42,${min},86,${max}`);
});
