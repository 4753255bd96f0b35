import { test, expect } from './support/fixtures';

test('an alert reaches the desktop as a notification naming its cause', async ({ app, api, context }) => {
  await context.grantPermissions(['notifications']);
  const page = app.page;
  // Record every notification the page creates (the real one is shown too).
  await page.addInitScript(() => {
    const Real = window.Notification;
    const shown: { title: string; body: string; tag: string }[] = [];
    (window as unknown as { shownNotifications: typeof shown }).shownNotifications = shown;
    class Spy extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push({ title, body: options?.body ?? '', tag: options?.tag ?? '' });
      }
    }
    Object.defineProperty(Spy, 'permission', { get: () => Real.permission });
    Spy.requestPermission = Real.requestPermission.bind(Real);
    window.Notification = Spy;
  });
  await app.open('Overview');
  // 600 articles: 60% of the 1,000 monthly credits, past the 50% alert.
  await api.call('recordUsage', { action: { kind: 'kb_article', count: 600 } });
  const shown = () =>
    page.evaluate(() => (window as unknown as { shownNotifications: unknown[] }).shownNotifications);
  await expect.poll(shown).toEqual([
    {
      title: 'Creditdesk: 50% of the monthly credits used',
      body: '600 of 1,000 credits of this cycle are used. Buy a bundle or change the tier before the monthly credits run out.',
      tag: expect.any(String),
    },
  ]);
});

test('"?" opens the shortcuts and terms; a term explains itself where it appears', async ({ app, api }) => {
  await api.call('purchaseBundle', { bundleId: 'b1k', requestId: crypto.randomUUID() });
  await app.open('Ledger');
  const page = app.page;
  // In a text field "?" is a character, not the shortcut.
  const search = page.getByRole('searchbox', { name: 'Search the ledger' });
  await search.focus();
  await page.keyboard.type('?');
  await expect(search).toHaveValue('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts and terms' })).toBeHidden();
  await search.fill('');

  await page.getByRole('heading', { level: 1, name: 'Ledger' }).focus();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts and terms' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('table', { name: 'Keyboard shortcuts' })).toContainText(
    'Ledger table: move between entries',
  );
  for (const term of ['Overdraft', 'Bucket', 'Runway', 'Cycle'])
    await expect(help.getByText(term, { exact: true })).toBeVisible();
  await app.screenshots('help-shortcuts', { sizes: true });
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  await page
    .getByRole('grid', { name: 'Ledger entries' })
    .getByRole('row', { name: /Bundle/ })
    .click();
  const details = page.getByTestId('entry-details');
  await details.getByRole('button', { name: 'What is bucket?' }).click();
  await expect(details.getByRole('note')).toContainText('Where credits come from');
});

test('loading the console asks the host for nothing that is missing (no /favicon.ico 404)', async ({
  app,
}) => {
  const failed: string[] = [];
  app.page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  await app.open('Overview');
  await app.page.waitForLoadState('networkidle');
  expect(failed).toEqual([]);
  await expect(app.page.locator('link[rel="icon"]')).toHaveAttribute('href', /^data:image\/svg\+xml/);
});
