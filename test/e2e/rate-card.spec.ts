import { test, expect } from './support/fixtures';

test('the rate card page lists every price and threshold; a ledger entry links to its rule', async ({
  api,
  app,
}) => {
  await api.call('updateSettings', { labelCount: 150 });
  await api.call('recordUsage', { action: { kind: 'ai_label' }, sourceEventId: 'label-150' });
  await app.open('Rate card');
  const page = app.page;
  const rules = page.getByRole('table', { name: 'Pricing rules' });
  const rule = (id: string) => rules.locator(`tr:has(code:text-is("${id}"))`);
  await expect(rule('ai_reply:base')).toContainText('5');
  await expect(rule('ai_reply:auto_draft_long:10+')).toContainText(
    'Auto-draft for all on and a conversation of 10–19 messages',
  );
  await expect(rule('ai_reply:auto_draft_long:10+').getByRole('cell').nth(1)).toHaveText('8');
  await expect(rule('ai_label:many_labels:101+')).toContainText('A workspace with 101–250 labels');
  await expect(rule('conversation_embedding:per_conversation').getByRole('cell').nth(1)).toHaveText('0.5');
  await expect(rule('document:per_page')).toContainText('per page of 5,000 characters');
  await expect(
    page.getByRole('table', { name: 'Tiers' }).getByRole('row', { name: /Starter/ }),
  ).toContainText('1,000');
  await expect(page.getByRole('table', { name: 'Bundle prices' })).toContainText('$600.00');
  await app.screenshots('rate-card', { sizes: true });

  // The charge for a label at 150 labels names its rule; the link opens it on the rate card.
  await app.go('Ledger');
  const grid = page.getByRole('grid', { name: 'Ledger entries' });
  await grid.getByRole('row', { name: /AI label/ }).click();
  const details = page.getByTestId('entry-details');
  await details.getByTestId('rule-link').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rate card' })).toBeVisible();
  const linked = page.locator('tr[aria-current="true"]');
  await expect(linked).toContainText('ai_label:many_labels:101+');
  await expect(linked.getByRole('cell').nth(1)).toHaveText('2');
});

test('ledger search finds by reason, event id and description; totals follow the filter', async ({
  api,
  app,
}) => {
  await api.call('recordUsage', { action: { kind: 'ai_label' }, sourceEventId: 'zd-ticket-4411' });
  await api.call('recordUsage', { action: { kind: 'document', chars: 12_000 }, sourceEventId: 'upload-77' });
  await api.call('recordAdjustment', {
    amount: -2500,
    reason: 'Duplicate import of March usage',
    requestId: crypto.randomUUID(),
  });
  await app.open('Ledger');
  const page = app.page;
  const count = page.getByTestId('ledger-count');
  const totals = page.getByTestId('ledger-totals');
  // Monthly credits 1,000 in; 1 + 3 + 2.5 out.
  await expect(totals).toContainText('+1,000 in, -6.5 out, net +993.5 credits');
  const search = page.getByRole('searchbox', { name: 'Search the ledger' });
  await search.fill('zd-ticket-4411');
  await expect(count).toHaveText('1 entry matches the filters');
  await expect(totals).toContainText('0 in, -1 out, net -1 credits');
  await search.fill('MARCH');
  await expect(count).toHaveText('1 entry matches the filters');
  await expect(page.getByRole('grid', { name: 'Ledger entries' })).toContainText(
    'Duplicate import of March usage',
  );
  await expect(totals).toContainText('0 in, -2.5 out, net -2.5 credits');
  await search.fill('document');
  await expect(totals).toContainText('0 in, -3 out, net -3 credits');
  await app.screenshots('ledger-search', { sizes: true });
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(search).toHaveValue('');
  await expect(count).toHaveText('4 entries');
});
