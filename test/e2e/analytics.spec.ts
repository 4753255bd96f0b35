import { readFileSync } from 'node:fs';
import { test, expect, DAY } from './support/fixtures';

test('charts usage per day by action kind with the right totals, and exports the tables', async ({
  api,
  app,
}) => {
  const now = Date.now();
  // Inside the last 7 UTC days whatever the date: today, 3 and 5 days ago.
  for (let i = 0; i < 2; i++) await api.call('recordUsage', { action: { kind: 'ai_reply' } }); // 10
  for (let i = 0; i < 4; i++)
    await api.call('recordUsage', { action: { kind: 'ai_label' }, occurredAt: now - 3 * DAY }); // 4
  await api.call('recordUsage', { action: { kind: 'chatbot_message' }, occurredAt: now - 5 * DAY }); // 4
  await api.call('recordUsage', { action: { kind: 'conversation_embedding' }, occurredAt: now - 5 * DAY }); // 0.5
  // Outside the last 7 days, inside 90.
  await api.call('recordUsage', { action: { kind: 'kb_article', count: 30 }, occurredAt: now - 40 * DAY }); // 30

  await app.open('Usage analytics');
  const page = app.page;
  await expect(page.getByTestId('daily-total')).toHaveText('48.5');

  await page.getByRole('button', { name: '7 days' }).click();
  await expect(page.getByRole('button', { name: '7 days' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('daily-total')).toHaveText('18.5');
  await expect(page.getByTestId('range-total')).toContainText('18.5 credits');

  const daily = page.getByTestId('chart-daily');
  await expect(daily.locator('svg.recharts-surface').first()).toBeVisible();
  // One stacked series per action kind used, named in the legend.
  for (const kind of ['AI reply / draft', 'AI label', 'AI chatbot message', 'Conversation embedding'])
    await expect(daily.locator('.recharts-legend-item-text', { hasText: kind })).toBeVisible();
  await expect(
    daily.locator('.recharts-legend-item-text', { hasText: 'Knowledge-base article' }),
  ).toHaveCount(0);
  // Four days carry usage: four bars for single-kind days, two for the day with two kinds.
  await expect(daily.locator('.recharts-bar-rectangle path')).toHaveCount(4);

  // The table behind the chart, and its CSV.
  await page.getByRole('button', { name: 'Show table' }).first().click();
  const table = daily.getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(8); // header + 7 days
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export credits per day as CSV' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8')
    .trim()
    .split('\r\n');
  expect(csv[0]).toBe(
    'Day,AI reply / draft,AI label,AI chatbot message,Conversation embedding,Total credits',
  );
  expect(csv).toHaveLength(8);
  const totals = csv.slice(1).map((line) => line.split(',').at(-1));
  expect(totals.filter((t) => t !== '0').sort()).toEqual(['10', '4', '4.5']);

  // Cost drivers name the chatbot model.
  await expect(page.getByTestId('drivers')).toContainText('Chatbot on gpt-4o-mini');
  await expect(page.getByTestId('chart-buckets')).toContainText('18.5 credits consumed');

  await app.screenshots('analytics');

  // A custom range: from 4 days ago leaves out the day 5 days ago.
  const fourDaysAgo = new Date(now - 4 * DAY).toISOString().slice(0, 10);
  await page.getByLabel('From').fill(fourDaysAgo);
  await expect(page.getByTestId('daily-total')).toHaveText('14');
  await expect(page.getByRole('button', { name: '7 days' })).toHaveAttribute('aria-pressed', 'false');
});

test('shows an empty state when the range has no usage', async ({ app }) => {
  await app.open('Usage analytics');
  await expect(app.page.getByText('No usage in this range')).toHaveCount(2);
  await expect(app.page.getByTestId('range-total')).toContainText('0 credits');
  await app.screenshots('analytics-empty');
});
