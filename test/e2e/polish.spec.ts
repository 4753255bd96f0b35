import { test, expect, DAY } from './support/fixtures';

test('runway years away says "at this rate"; averages show one decimal', async ({ api, app }) => {
  // 300 credits in the last week against 1,000 monthly credits and a 100,000-credit bundle: each
  // cycle's grant covers most of a month, so the bundle would last decades at this rate.
  await api.call('purchaseBundle', { bundleId: 'b100k' });
  await api.call('recordUsage', { action: { kind: 'kb_article', count: 300 }, occurredAt: Date.now() - DAY });
  await app.open('Overview');
  const page = app.page;
  const runway = page.getByRole('table').filter({ hasText: 'All credits run out' });
  const week = runway.getByRole('row', { name: /^7 days/ });
  await expect(week).toContainText(/\d{4} at this rate/);
  await expect(week.getByRole('cell').first()).toHaveText('42.9'); // 300 / 7 days, not 42.857
  await app.screenshots('polish-runway', { sizes: true });

  await app.go('Usage analytics');
  const average = page.locator('.stat', { hasText: 'Average per day' });
  await expect(average).toContainText(/\b\d+(\.\d)? credits/);
  await expect(average).not.toContainText(/\.\d{2}/);
});

test('top cost drivers end with an "Other" row that sums the rest', async ({ api, app }) => {
  const actions = [
    { kind: 'ai_reply' },
    { kind: 'ai_reply', autoDraftAll: true, conversationMessages: 40 },
    { kind: 'ai_label', labelCount: 10 },
    { kind: 'ai_label', labelCount: 150 },
    { kind: 'ai_prioritize' },
    { kind: 'chatbot_message', model: 'gpt-4o-mini' },
    { kind: 'chatbot_message', model: 'gpt-4.1-mini' },
    { kind: 'kb_article', count: 3 },
    { kind: 'page_scrape', chars: 12_000 },
    { kind: 'document', chars: 49_999 },
    { kind: 'conversation_embedding', count: 2 },
  ] as const;
  for (const action of actions) await api.call('recordUsage', { action });
  const { drivers, total } = await api.call('getAnalytics', {
    from: Date.now() - 30 * DAY,
    to: Date.now() + DAY,
  });
  expect(drivers.length).toBe(11);

  await app.open('Usage analytics');
  const table = app.page.getByTestId('drivers');
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(10);
  const other = rows.last();
  await expect(other.getByRole('rowheader')).toContainText('Other');
  await expect(other.getByRole('rowheader')).toContainText('2 smaller drivers');
  const restMc = drivers.slice(9).reduce((sum, d) => sum + d.millicredits, 0);
  await expect(other.getByRole('cell').first()).toHaveText(
    new Intl.NumberFormat('en-US').format(restMc / 1000),
  );
  expect(total).toBeGreaterThan(restMc);
  await app.screenshots('polish-cost-drivers', { sizes: true });

  // The stored explanation keeps its text; the ledger shows its numbers grouped like the rest.
  await app.go('Ledger');
  const grid = app.page.getByRole('grid', { name: 'Ledger entries' });
  await grid.getByRole('row').filter({ hasText: 'Document' }).first().click();
  const details = app.page.getByRole('complementary', { name: 'Entry details' });
  await expect(details.getByTestId('price-explanation')).toContainText('49,999 characters');
  await expect(details.getByTestId('price-explanation')).toContainText('of 5,000 ×');
});

test('"Paid, award pending" keeps clear of its count at 1280 px', async ({ app }) => {
  await app.page.setViewportSize({ width: 1280, height: 720 });
  await app.open('Referrals');
  await app.page.getByLabel('Company or person').fill('Acme Support');
  await app.page.getByRole('button', { name: 'Add referral' }).click();
  for (const stage of ['invited', 'signed_up', 'paid', 'awarded']) {
    const gap = await app.page.locator(`#stage-${stage}`).evaluate((h2) => {
      const range = document.createRange();
      range.selectNodeContents(h2.firstChild!);
      const count = h2.querySelector('.count')!.getBoundingClientRect();
      const text = Array.from(range.getClientRects() as ArrayLike<DOMRect>);
      // On any line the count shares with the title, the title ends before the count begins.
      return Math.min(
        ...text.filter((r) => r.bottom > count.top && r.top < count.bottom).map((r) => count.left - r.right),
        Infinity,
      );
    });
    expect(gap, stage).toBeGreaterThanOrEqual(6);
  }
  await app.screenshots('polish-referrals', { sizes: true });
});

test('"?" term help sits next to overdraft, bucket, runway and cycle on Overview and Analytics', async ({
  api,
  app,
}) => {
  // 1,200 credits of documents against 1,000: the balance is overdrawn, so the overdraft shows.
  await api.call('recordUsage', { action: { kind: 'document', chars: 6_000_000 } });
  await app.open('Overview');
  const page = app.page;
  const sentences = {
    overdraft: 'A balance below zero',
    bucket: 'Where credits come from',
    runway: 'How long the credits last',
    cycle: 'One billing period',
  };
  const places: [string, (keyof typeof sentences)[]][] = [
    ['Balance', ['bucket', 'overdraft']],
    ['This cycle', ['cycle']],
    ['Runway', ['runway']],
  ];
  const check = async (region: string, terms: (keyof typeof sentences)[]) => {
    // The "?" sits outside the heading: the panel is still named by its title alone.
    const panel = page.getByRole('region', { name: region, exact: true });
    for (const term of terms) {
      const button = panel.getByRole('button', { name: `What is ${term}?` });
      await expect(button).toHaveAttribute('aria-expanded', 'false');
      await button.click();
      await expect(button).toHaveAttribute('aria-expanded', 'true');
      await expect(panel.getByRole('note').filter({ hasText: sentences[term] })).toBeVisible();
    }
  };
  for (const [region, terms] of places) await check(region, terms);
  await app.screenshots('polish-terms-overview', { sizes: true });

  await app.go('Usage analytics');
  await check('Credits per cycle', ['cycle']);
  await check('Consumption by bucket', ['bucket', 'overdraft']);
  await app.screenshots('polish-terms-analytics', { sizes: true });
});

test('ledger: long descriptions wrap in the table and read in full in the details; kind badges are never cut', async ({
  api,
  app,
}) => {
  const reason =
    'Goodwill correction for the March outage agreed with the account manager after the customer reported that ' +
    'the chatbot answered with stale articles for three days; reference INC-2026-0412-CHATBOT-STALE-KNOWLEDGE-BASE-ARTICLES and ' +
    'the follow-up thread in the support inbox.';
  const usage = await api.call('recordUsage', { action: { kind: 'ai_reply' } });
  await api.call('recordReversal', { usageId: usage.id, reason: 'Draft was discarded by the agent' });
  await api.call('recordAdjustment', { amount: 2500, reason, requestId: crypto.randomUUID() });
  await app.page.setViewportSize({ width: 1280, height: 720 });
  await app.open('Ledger');
  const page = app.page;
  const grid = page.getByRole('grid', { name: 'Ledger entries' });
  await expect(grid.locator('.kind')).toHaveCount(4); // monthly grant, usage, reversal, adjustment

  for (const kind of ['Grant', 'Usage', 'Reversal', 'Adjustment']) {
    const badge = grid.locator('.kind', { hasText: new RegExp(`^${kind}$`, 'i') });
    const fit = await badge.evaluate((el) => {
      const cell = el.parentElement!.getBoundingClientRect();
      const pill = el.getBoundingClientRect();
      return {
        inside: pill.left >= cell.left && pill.right <= cell.right,
        whole: el.scrollWidth <= el.clientWidth,
      };
    });
    expect(fit, kind).toEqual({ inside: true, whole: true });
  }

  // In the table the description wraps to two lines within the row; the whole text is in the cell.
  const row = grid.getByRole('row', { name: /Goodwill correction/ });
  const cell = row.locator('.cell-description');
  await expect(cell).toContainText(reason);
  const layout = await cell.evaluate((el) => ({
    clamp: getComputedStyle(el).webkitLineClamp,
    lines: Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)),
  }));
  expect(layout).toEqual({ clamp: '2', lines: 2 });

  // The details show it in full, wrapped, nothing cut off.
  await row.click();
  const details = page.getByRole('complementary', { name: 'Entry details' });
  const heading = details.getByRole('heading', { level: 2 });
  await expect(heading).toHaveText(`Adjustment: ${reason}`);
  expect(await heading.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await expect(details.locator('.kind')).toHaveText(/adjustment/i);
  await app.screenshots('polish-ledger-long-description', { sizes: true });
});
