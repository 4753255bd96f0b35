import { test, expect } from './support/fixtures';

test('an invalid amount clears the old plan; a changed amount cannot buy it', async ({ app }) => {
  await app.open('Bundles');
  const page = app.page;
  const need = page.getByLabel('Credits needed');
  await need.fill('23,500');
  await page.getByRole('button', { name: 'Find the cheapest plan' }).click();
  const plan = page.getByTestId('bundle-plan');
  await expect(plan.getByTestId('plan-price')).toHaveText('$200.00');

  // Edited but not looked up again: the old plan cannot be bought for the new amount.
  await need.fill('30,000');
  await expect(plan.getByRole('button', { name: /Buy this plan/ })).toBeDisabled();
  await expect(
    plan.getByText('The amount changed; find the cheapest plan again before buying.'),
  ).toBeVisible();

  await need.fill('abc');
  await page.getByRole('button', { name: 'Find the cheapest plan' }).click();
  await expect(page.getByTestId('bundle-plan')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Buy this plan/ })).toHaveCount(0);
  await expect(need).toHaveAttribute('aria-invalid', 'true');
  await app.screenshots('bundles-invalid', { sizes: true });
});

test('1,000 × the 1,000-credit bundle offers the cheaper plan that gives the same credits', async ({
  app,
}) => {
  await app.open('Bundles');
  const page = app.page;
  const row = page.getByTestId('price-list').getByRole('row', { name: /^1,000 credits/ });
  await row.getByRole('textbox', { name: 'Quantity of 1,000 credits' }).fill('1000');
  await row.getByRole('button', { name: 'Buy 1,000 credits' }).click();
  const dialog = page.getByRole('dialog', { name: 'Buy credits' });
  await expect(dialog).toContainText('1,000 × 1,000 credits: 1,000,000 credits for $10,000.00');
  const offer = dialog.getByTestId('cheaper-plan');
  await expect(offer).toContainText('10 × 100,000 credits gives 1,000,000 credits for $6,000.00');
  await expect(offer).toContainText('$4,000.00 less');
  await app.screenshots('bundles-cheaper-offer', { sizes: true });
  await offer.getByRole('button', { name: 'Buy the cheaper plan for $6,000.00' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('bundle-balance')).toContainText('1,000,000 credits');
  const purchases = page.getByTestId('purchases');
  await expect(purchases).toContainText('$6,000.00');
});
