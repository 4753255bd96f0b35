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
  await expect(page.getByTestId('website-expected').locator('dd').first()).toHaveText('86');
  await expect(page.getByTestId('website-pages').locator('dd').first()).toHaveText('42');
  // 42 × 6,000 characters may fall on ceil(252,000 / 5,000) = 51 to floor((252,000 + 42 × 4,999) / 5,000)
  // = 92 pages by the page rule, plus the two crawls.
  await expect(page.getByTestId('website-min').locator('dd').first()).toHaveText('53');
  await expect(page.getByTestId('website-max').locator('dd').first()).toHaveText('94');
  const sites = page.getByRole('table', { name: 'Pages per site' });
  await expect(sites.getByRole('row', { name: /help\.example\.com/ }).getByRole('cell')).toHaveText(['40']);
  await expect(sites.getByRole('row', { name: /docs\.example\.com/ }).getByRole('cell')).toHaveText(['2']);
  await expect(page.getByText('1 pasted line is not an http(s) address and left out.')).toBeVisible();
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
  expect(lines).toContain('Total credits,42,53,86,94');
});

test('saved sample pages set the range: smallest, average and largest page', async ({ app }) => {
  const dir = tempFolder();
  // 3,999 and 11,999 characters of text inside markup: 1 and 3 pages by the page rule.
  const page = (name: string, words: number) => {
    const path = join(dir, name);
    const text = Array.from({ length: words }, () => 'abcdefg').join(' ');
    writeFileSync(path, `<html><head><style>p{color:red}</style></head><body><p>${text}</p></body></html>`);
    return path;
  };
  const samples = [page('short.html', 500), page('long.html', 1500)];

  await app.open('Estimate');
  await app.page.getByRole('tab', { name: 'Website' }).click();
  const form = app.page.getByRole('form', { name: 'Website estimate' });
  await form
    .getByLabel('Page addresses')
    .fill(['a', 'b', 'c'].map((p) => `https://kb.example.org/${p}`).join('\n'));
  await form.getByRole('radio', { name: 'Measure a few saved pages (HTML)' }).check();
  await form.getByRole('button', { name: 'Estimate website training' }).click();
  await expect(form.getByText('Choose one or more saved HTML pages to measure.')).toBeVisible();
  await form.getByLabel('Sample pages').setInputFiles(samples);
  await expect(form.getByRole('button', { name: 'Remove long.html' })).toBeVisible();
  await form.getByRole('button', { name: 'Estimate website training' }).click();

  // 3 pages at 1, 2 and 3 page-rule pages each, plus one crawl.
  await expect(app.page.getByTestId('website-min').locator('dd').first()).toHaveText('4');
  await expect(app.page.getByTestId('website-expected').locator('dd').first()).toHaveText('7');
  await expect(app.page.getByTestId('website-max').locator('dd').first()).toHaveText('10');
  const range = app.page.getByRole('table', { name: 'Website credits range' });
  await expect(range.getByRole('row', { name: /^Characters per page/ }).getByRole('cell')).toHaveText([
    '3,999',
    '7,999',
    '11,999',
  ]);
});
