import { test, expect, markSetUp } from './support/fixtures';
import { freshDataDir, startHost } from './support/web-host';
import { rmSync } from 'node:fs';

const addresses = (count: number): string =>
  Array.from(
    { length: count },
    (_, i) =>
      `https://${i % 2 ? 'help' : 'docs'}.example.com/hc/en-us/articles/${360000000 + i}-How-to-set-up-your-account`,
  ).join('\n');

for (const count of [30_000, 100_000]) {
  test(`${count.toLocaleString('en-US')} pasted addresses are estimated; the form states the limit first`, async ({
    app,
  }) => {
    test.setTimeout(120_000);
    await app.open('Estimate');
    const page = app.page;
    await page.getByRole('tab', { name: 'Website' }).click();
    const form = page.getByRole('form', { name: 'Website estimate' });
    await expect(
      form.getByText(/Up to 100,000 addresses \(32 MB\); longer lists go in a sitemap file\./),
    ).toBeVisible();
    // As a paste lands: the whole text at once in one input event (Playwright's fill of megabytes
    // through the protocol is what would be slow, not the page).
    await form.getByLabel('Page addresses').evaluate((el, text) => {
      const area = el as HTMLTextAreaElement;
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(area, text);
      area.dispatchEvent(new Event('input', { bubbles: true }));
    }, addresses(count));
    await expect(form.getByText(`${count.toLocaleString('en-US')} of 100,000 lines pasted.`)).toBeVisible();
    await form.getByLabel('Average characters per page').fill('6,000');
    await form.getByRole('button', { name: 'Estimate website training' }).click();
    await expect(page.getByTestId('website-pages').locator('dd').first()).toHaveText(
      count.toLocaleString('en-US'),
      { timeout: 60_000 },
    );
    // Two crawls + 2 pages per address at 6,000 characters.
    await expect(page.getByTestId('website-expected').locator('dd').first()).toHaveText(
      (2 + 2 * count).toLocaleString('en-US'),
    );
    await expect(page.getByText('Disconnected', { exact: false })).toHaveCount(0);
    if (count === 30_000) await app.screenshots('estimate-website-30000');
  });
}

test('after a restart the open tab says "disconnected", then reconnects on the same link; a rotated link ends it', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const dataDir = freshDataDir();
  markSetUp(dataDir);
  try {
    let host = await startHost({ dataDir, removeDataDir: false });
    await page.goto(host.openUrl);
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
    const bar = page.getByRole('status', { name: 'Sync status' });
    await expect(page.getByRole('alert').filter({ hasText: 'Disconnected' })).toHaveCount(0);

    await host.stop();
    const banner = page.getByRole('alert').filter({ hasText: 'Disconnected' });
    await expect(banner).toBeVisible({ timeout: 15_000 });
    await expect(banner).toContainText('reconnects by itself');
    await expect(bar).toContainText('Disconnected from Creditdesk');
    await expect(bar).not.toContainText('Online');
    await page.screenshot({ path: 'artifacts/screenshots/connection-lost-light.png', fullPage: true });

    const before = host.openUrl;
    host = await startHost({ dataDir, removeDataDir: false });
    expect(host.openUrl).toBe(before);
    await expect(banner).toHaveCount(0, { timeout: 30_000 });
    await expect(bar).not.toContainText('Disconnected');
    // A reload keeps working: the token is still valid.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: 'Disconnected' })).toHaveCount(0);

    // Rotate the link from Settings: this tab reloads on the new one; a second tab on the old link is out.
    const other = await page.context().newPage();
    await other.goto(before);
    await expect(other.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Settings', exact: true })
      .click();
    await page.getByRole('button', { name: 'Rotate link…' }).click();
    await page
      .getByRole('dialog', { name: 'Rotate the browser link?' })
      .getByRole('button', { name: 'Rotate link' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await expect(other.getByRole('alert').filter({ hasText: 'This link was replaced' })).toBeVisible({
      timeout: 15_000,
    });
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Overview', exact: true })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
    await expect(page.getByRole('alert').filter({ hasText: 'Disconnected' })).toHaveCount(0);
    await other.close();
    await host.stop();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
