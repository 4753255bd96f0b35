import { test, expect } from './support/fixtures';

const fmt = (millicredits: number) =>
  (millicredits / 1000).toLocaleString('en-US', { maximumFractionDigits: 3 });

test('a charge can be refunded in parts; the dialog and the details show what is still refundable', async ({
  api,
  app,
}) => {
  const usage = await api.call('recordUsage', { action: { kind: 'kb_article', count: 10 } });
  const took = -usage.amount;
  expect(took).toBeGreaterThan(2000);
  const before = (await api.call('getOverview', {})).balance.total;

  await app.open('Ledger');
  const page = app.page;
  const filters = page.getByRole('search', { name: 'Ledger filters' });
  await filters.locator('summary', { hasText: 'Action:' }).click();
  await filters.getByRole('checkbox', { name: 'Knowledge-base article', exact: true }).check();
  await page.keyboard.press('Escape');
  const grid = page.getByRole('grid', { name: 'Ledger entries' });
  await grid.getByRole('row').nth(1).click();
  const details = page.getByRole('complementary', { name: 'Entry details' });

  await details.getByRole('button', { name: /Reverse this charge/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Reverse a charge' });
  await expect(dialog.getByTestId('refundable')).toHaveText(`Still refundable: ${fmt(took)} credits`);
  await dialog.getByLabel('Part of it').check();
  const amount = dialog.getByLabel('Credits to give back');
  // Bad input: a clear message, nothing recorded.
  await amount.fill(fmt(took + 1000));
  await expect(dialog).toContainText(`Only ${fmt(took)} credits are still refundable.`);
  await amount.fill('abc');
  await expect(dialog).toContainText('is not a credit amount');
  await amount.fill('0');
  await expect(dialog).toContainText('Enter more than 0 credits.');
  await dialog.getByLabel('Reason').fill('Two articles were duplicates');
  await expect(dialog.getByRole('button', { name: 'Record reversal' })).toBeDisabled();
  await amount.fill('1');
  await expect(dialog.getByRole('button', { name: 'Record reversal' })).toBeEnabled();
  await dialog.getByRole('button', { name: 'Record reversal' }).click();
  await expect(dialog).toBeHidden();
  expect((await api.call('getOverview', {})).balance.total).toBe(before + 1000);

  await expect(details.getByTestId('refunds')).toContainText(
    `Refunds: 1 of ${fmt(took)} credits given back.`,
  );
  await expect(details.getByTestId('refunds')).toContainText('1 credit on');
  await expect(details.getByTestId('refunds')).toContainText('Two articles were duplicates');
  await expect(details.getByTestId('refundable-note')).toHaveText(
    `Still refundable: ${fmt(took - 1000)} credits.`,
  );
  await expect(grid.getByText('partly refunded', { exact: true })).toHaveCount(1);

  // The dialog again: it starts from what is left, and "all that is left" gives back only that.
  await details.getByRole('button', { name: /Reverse this charge/ }).click();
  await expect(dialog.getByTestId('refundable')).toHaveText(`Still refundable: ${fmt(took - 1000)} credits`);
  await expect(dialog).toContainText('1 already refunded');
  await dialog.getByLabel('Part of it').check();
  await dialog.getByLabel('Credits to give back').fill(fmt(took));
  await dialog.getByLabel('Reason').fill('The whole import was a test');
  await app.screenshots('partial-reversal-dialog', { sizes: true });
  await dialog.getByLabel(/All that is left/).check();
  await dialog.getByRole('button', { name: 'Record reversal' }).click();
  await expect(dialog).toBeHidden();
  expect((await api.call('getOverview', {})).balance.total).toBe(before + took);
  await expect(details.getByTestId('reversed-note')).toContainText('Reversed by reversal:usage:');
  await expect(grid.getByText('partly refunded', { exact: true })).toHaveCount(0);
  await expect(grid.getByText('reversed', { exact: true })).toHaveCount(1);
  await expect(details.getByTestId('refunds')).toContainText(
    `Refunds: ${fmt(took)} of ${fmt(took)} credits given back.`,
  );
  await expect(details.getByRole('button', { name: /Reverse this charge/ })).toHaveCount(0);
  await details.getByTestId('refunds').scrollIntoViewIfNeeded();
  await app.screenshots('partial-reversal-details', { sizes: true });
  // The ledger fills the window and only its panels scroll: a long details panel must not stretch the page.
  await page.setViewportSize({ width: 1280, height: 720 });
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBe(720);
});
