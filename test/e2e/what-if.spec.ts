import { test, expect } from './support/fixtures';

test('re-prices the recorded actions under other settings and shows the difference per month', async ({
  api,
  app,
}) => {
  // This cycle (the last one has no usage in a fresh folder): 4 labels at 20 labels (1 each), two long
  // conversations drafted with auto-draft off (5 each) and one chatbot message on gpt-4o-mini (4) = 18.
  for (let i = 0; i < 4; i++) await api.call('recordUsage', { action: { kind: 'ai_label' } });
  for (let i = 0; i < 2; i++)
    await api.call('recordUsage', { action: { kind: 'ai_reply', conversationMessages: 25 } });
  await api.call('recordUsage', { action: { kind: 'chatbot_message' } });

  await app.open('What-if');
  const page = app.page;
  await expect(page.getByTestId('what-if-current')).toHaveText('18');
  await expect(page.getByTestId('what-if-proposed')).toHaveText('18');
  await expect(page.getByTestId('what-if-difference')).toHaveText('No change per month');
  await expect(page.getByText('Based on 7 recorded actions')).toBeVisible();

  // More than 100 labels: each label costs 2.
  await page.getByLabel('Label count').fill('150');
  await expect(page.getByTestId('what-if-proposed')).toHaveText('22');
  await expect(page.getByTestId('what-if-difference')).toHaveText('+4 credits per month');

  // Auto-draft for all on: drafts on 25-message conversations cost 9 instead of 5.
  await page.getByLabel('AI draft for all incoming messages').selectOption('true');
  await expect(page.getByTestId('what-if-proposed')).toHaveText('30');
  await expect(page.getByTestId('what-if-difference')).toHaveText('+12 credits per month');

  // A dearer chatbot model: gpt-4.1-mini costs 6 per message.
  await page.getByLabel('Chatbot model').selectOption('gpt-4.1-mini');
  await expect(page.getByTestId('what-if-difference')).toHaveText('+14 credits per month');

  // Another tier changes the monthly credits the runway is measured against.
  await page.getByLabel('Tier').selectOption('plus');
  await expect(page.getByRole('row', { name: /Monthly credits \(tier\)/ })).toContainText('5,000');
  await expect(page.locator('.recharts-surface').first()).toBeVisible();
  await app.screenshots('what-if');

  await page.getByRole('button', { name: 'Reset to current settings' }).click();
  await expect(page.getByTestId('what-if-difference')).toHaveText('No change per month');
  await expect(page.getByLabel('Label count')).toHaveValue('20');
  // Nothing was changed: the workspace settings are as before.
  expect((await api.call('getSettings', {})).labelCount).toBe(20);
});

test('explains that there is nothing to re-price in an empty ledger', async ({ app }) => {
  await app.open('What-if');
  await expect(app.page.getByText('No recorded actions to re-price')).toBeVisible();
});
