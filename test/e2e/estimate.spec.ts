import { test, expect } from './support/fixtures';

test('the Estimate page has its place in the navigation and frame', async ({ app }) => {
  await app.open('Estimate');
  const page = app.page;
  await expect(page.getByRole('link', { name: 'Estimate', exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(page.getByTestId('estimate-page')).toBeVisible();
  await expect(page.getByRole('status', { name: 'Sync status' })).toBeVisible();
  await expect(page).toHaveTitle('Estimate · Creditdesk');
  await app.screenshots('estimate');
});

test('every page is reachable from the keyboard and lands focus on its heading', async ({ app }) => {
  await app.open();
  const page = app.page;
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of [
    'Usage analytics',
    'What-if',
    'Ledger',
    'Bundles',
    'Referrals',
    'Estimate',
    'Settings',
  ]) {
    await nav.getByRole('link', { name, exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name })).toBeFocused();
  }
});
