import { test, expect, DAY } from './support/fixtures';

// Also issue #4's smoke test: the console loads through the web host and shows a seeded ledger's balance.
test('shows the balance by bucket, the cycle, runway and sync status of a seeded ledger', async ({
  api,
  app,
}) => {
  // Starter tier: 1,000 monthly credits. 3 replies (15) + 2 labels (2) + 1 embedding (0.5) = 17.5 used.
  for (let i = 0; i < 3; i++) await api.call('recordUsage', { action: { kind: 'ai_reply' } });
  for (let i = 0; i < 2; i++) await api.call('recordUsage', { action: { kind: 'ai_label' } });
  await api.call('recordUsage', { action: { kind: 'conversation_embedding' } });
  await api.call('purchaseBundle', { bundleId: 'b5k' });

  await app.open();
  const page = app.page;
  await expect(page.getByTestId('balance-total')).toContainText('5,982.5 credits');
  await expect(page.getByTestId('bucket-monthly')).toContainText('982.5');
  await expect(page.getByTestId('bucket-monthly')).toContainText('of 1,000');
  await expect(page.getByTestId('bucket-bundle')).toContainText('5,000');
  await expect(page.getByTestId('bucket-referral')).toContainText('0');
  await expect(page.getByTestId('monthly-used')).toHaveText('17.5 of 1,000');
  await expect(page.getByRole('progressbar', { name: 'Monthly credits used' })).toHaveAttribute(
    'aria-valuenow',
    '17500',
  );
  await expect(page.getByRole('heading', { name: 'Runway' })).toBeVisible();
  await expect(page.getByRole('row', { name: /^7 days/ })).toBeVisible();
  await expect(page.getByText('No alerts this cycle')).toBeVisible();
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('Sync off');
  await expect(page.getByRole('group', { name: 'Balance summary' })).toContainText('5,982.5 credits');
  await app.screenshots('overview');
});

test('follows live changes: an alert, then the "credits are out" state with its three ways forward', async ({
  api,
  app,
}) => {
  await app.open();
  const page = app.page;
  await expect(page.getByTestId('balance-total')).toContainText('1,000 credits');

  // 2,500,000 characters = 500 pages = 500 credits: half the monthly credits.
  await api.call('recordUsage', { action: { kind: 'document', chars: 2_500_000 } });
  await expect(page.getByTestId('balance-total')).toContainText('500 credits');
  await expect(page.getByText('50% of the monthly credits used')).toBeVisible();

  await api.call('recordUsage', { action: { kind: 'document', chars: 3_000_000 } });
  const out = page.getByRole('alert').filter({ hasText: 'Credits are out' });
  await expect(out).toBeVisible();
  await expect(page.getByTestId('overdraft')).toHaveText('Overdrawn by 100 credits');
  await expect(page.getByTestId('balance-total')).toContainText('-100 credits');
  await expect(out.getByRole('link', { name: /Upgrade the tier/ })).toHaveAttribute('href', '#/settings');
  await expect(out.getByRole('link', { name: /Buy a bundle/ })).toHaveAttribute('href', '#/bundles');
  await expect(out).toContainText('Wait for the reset');
  await expect(page.getByText('100% of the monthly credits used')).toBeVisible();
  await app.screenshots('overview-out-of-credits');

  await out.getByRole('link', { name: /Buy a bundle/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bundles' })).toBeVisible();
});

test('last cycle’s overdraft repaid from this cycle is shown apart from this cycle’s usage', async ({
  api,
  app,
}) => {
  const overview = await api.call('getOverview', {});
  // 1,500 credits used in the previous cycle against its 1,000: 500 overdrawn, repaid at this reset.
  const lastCycle = overview.cycle.start - DAY;
  for (let i = 0; i < 300; i++)
    await api.call('recordUsage', { action: { kind: 'ai_reply' }, occurredAt: lastCycle });
  for (let i = 0; i < 20; i++) await api.call('recordUsage', { action: { kind: 'ai_reply' } });
  await app.open('Overview');
  const page = app.page;
  await expect(page.getByTestId('monthly-used')).toHaveText('100 of 1,000');
  await expect(page.getByTestId('monthly-other')).toContainText('Repaid from this cycle: 500 credits');
  await app.screenshots('overview-repaid');
});
