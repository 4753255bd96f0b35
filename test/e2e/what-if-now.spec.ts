import { test, expect } from './support/fixtures';

test('choosing the "(now)" option is "No change", however the controls were reached', async ({
  api,
  app,
}) => {
  // Recorded at 20 labels, auto-draft off, gpt-4o-mini; the workspace has changed since.
  for (let i = 0; i < 4; i++) await api.call('recordUsage', { action: { kind: 'ai_label' } });
  for (let i = 0; i < 2; i++)
    await api.call('recordUsage', { action: { kind: 'ai_reply', conversationMessages: 25 } });
  await api.call('recordUsage', { action: { kind: 'chatbot_message' } });
  await api.call('updateSettings', { labelCount: 150, autoDraftAll: true, chatbotModel: 'gpt-4.1-mini' });

  await app.open('What-if');
  const page = app.page;
  const difference = page.getByTestId('what-if-difference');
  await expect(difference).toHaveText('No change per month');
  await expect(page.getByTestId('what-if-current')).toHaveText('32');

  // Pick each control's "(now)" option explicitly: still no change.
  const draft = page.getByLabel('AI draft for all incoming messages');
  await draft.selectOption('false');
  await expect(difference).toHaveText('-8 credits per month');
  await draft.selectOption({ label: 'On (now)' });
  await expect(difference).toHaveText('No change per month');
  const model = page.getByLabel('Chatbot model');
  await model.selectOption('gpt-4o-mini');
  await expect(difference).not.toHaveText('No change per month');
  await model.selectOption({ label: 'gpt-4.1-mini (now)' });
  await expect(difference).toHaveText('No change per month');
  await page.getByLabel('Label count').fill('20');
  await expect(difference).toHaveText('-4 credits per month');
  // Money next to the credits: 4 credits at the best bundle rate ($6.00 per 1,000) ≈ $0.02.
  await expect(page.getByTestId('what-if-money')).toHaveText('Saves ≈ $0.02 at $6.00 per 1,000 credits.');
  await page.getByLabel('Label count').fill('150');
  await expect(difference).toHaveText('No change per month');
  // Nothing differs from now, so there is nothing to reset.
  await expect(page.getByRole('button', { name: 'Reset to current settings' })).toBeDisabled();
  await app.screenshots('what-if-now', { sizes: true });
});
