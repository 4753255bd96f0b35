import { test, expect } from './support/fixtures';

test('buying a bundle raises the balance and is listed with its price', async ({ app }) => {
  await app.open('Bundles');
  const page = app.page;
  await expect(page.getByTestId('bundle-balance')).toContainText('0 credits');
  await expect(page.getByTestId('total-balance')).toContainText('1,000 credits');
  await expect(page.getByText('No bundles bought yet')).toBeVisible();

  const priceList = page.getByTestId('price-list');
  const row = priceList.getByRole('row', { name: /^5,000 credits/ });
  await expect(row).toContainText('$45.00');
  await expect(row).toContainText('$9.00');
  await expect(priceList.getByRole('row', { name: /100,000 credits/ })).toContainText('Best value');

  await row.getByRole('textbox', { name: 'Quantity of 5,000 credits' }).fill('2');
  await row.getByRole('button', { name: 'Buy 5,000 credits' }).click();
  const dialog = page.getByRole('dialog', { name: 'Buy credits' });
  await expect(dialog).toContainText('2 × 5,000 credits: 10,000 credits for $90.00');
  await dialog.getByRole('button', { name: 'Confirm purchase' }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByTestId('bundle-balance')).toContainText('10,000 credits');
  await expect(page.getByTestId('non-expiring-balance')).toContainText('10,000 credits');
  await expect(page.getByTestId('total-balance')).toContainText('11,000 credits');
  const purchase = page.getByTestId('purchases').getByRole('row').nth(1);
  await expect(purchase).toContainText('5,000 credits');
  await expect(purchase).toContainText('10,000');
  await expect(purchase).toContainText('$90.00');
  await expect(page.getByRole('group', { name: 'Balance summary' })).toContainText('11,000 credits');
  await app.screenshots('bundles');
});

test('recommends the cheapest plan for a need and buys it', async ({ app }) => {
  await app.open('Bundles');
  const page = app.page;
  await page.getByLabel('Credits needed').fill('23,500');
  await page.getByRole('button', { name: 'Find the cheapest plan' }).click();
  const plan = page.getByTestId('bundle-plan');
  // Two 10,000-credit bundles and four of 1,000 ($200) beat 25,000 credits for $205 and 50,000 for $350.
  await expect(plan.getByTestId('plan-credits')).toHaveText('24,000');
  await expect(plan.getByTestId('plan-price')).toHaveText('$200.00');
  await expect(plan.getByRole('row', { name: /10,000 credits/ })).toContainText('2');
  await expect(plan.getByRole('row', { name: /^1,000 credits/ })).toContainText('4');
  await app.screenshots('bundles-plan');

  await plan.getByRole('button', { name: 'Buy this plan for $200.00' }).click();
  await expect(page.getByTestId('bundle-balance')).toContainText('24,000 credits');
  await expect(page.getByTestId('total-balance')).toContainText('25,000 credits');
  await expect(page.getByTestId('purchases').getByRole('row')).toHaveCount(3);

  await page.getByLabel('Credits needed').fill('1.2345');
  await page.getByRole('button', { name: 'Find the cheapest plan' }).click();
  await expect(page.getByText('more than 3 decimals')).toBeVisible();
});
