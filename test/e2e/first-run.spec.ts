import { test, expect } from './support/fixtures';

test.use({ firstRun: true });

test('first run: tier and billing day are chosen, not assumed; import is next; re-runnable from Settings', async ({
  app,
  api,
  host,
}) => {
  const page = app.page;
  await page.goto(host.openUrl);
  const dialog = page.getByRole('dialog', { name: 'Set up Creditdesk' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('radio', { name: /Starter/ })).toBeChecked();
  await app.screenshots('first-run', { sizes: true });

  // A bad billing day is refused with a reason and nothing is saved.
  await dialog.getByLabel('Billing day').fill('32');
  await dialog.getByRole('button', { name: 'Finish set-up' }).click();
  await expect(dialog.getByText('Enter a day of the month from 1 to 31.')).toBeVisible();
  await expect(dialog).toBeVisible();
  // A half-filled sync is refused too: it says what is missing.
  await dialog.getByLabel('Billing day').fill('15');
  await dialog.getByLabel('Endpoint').fill('https://sync.example.com');
  await dialog.getByRole('button', { name: 'Finish set-up' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(/Paste the token/);
  await dialog.getByLabel('Endpoint').fill('');

  await dialog.getByRole('radio', { name: /Plus/ }).check();
  await dialog.getByRole('checkbox', { name: /Import a CSV or NDJSON file/ }).check();
  await dialog.getByRole('button', { name: 'Finish set-up' }).click();
  await expect(dialog).toBeHidden();
  // The import opens next, on the Ledger page.
  await expect(page.getByRole('heading', { level: 1, name: 'Ledger' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Accepted columns' })).toBeVisible();
  const settings = await api.call('getSettings', {});
  expect(settings).toMatchObject({ tierId: 'plus', anchorDay: 15 });
  expect(await api.call('getSetup', {})).toMatchObject({ needed: false });

  // A reload does not ask again.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(dialog).toBeHidden();

  // Settings runs it again, with today's choices filled in; skipping keeps them.
  await app.go('Settings');
  await page.getByRole('button', { name: 'Run set-up again' }).click();
  await expect(dialog.getByRole('radio', { name: /Plus/ })).toBeChecked();
  await expect(dialog.getByLabel('Billing day')).toHaveValue('15');
  await dialog.getByRole('button', { name: 'Skip: keep Plus, day 15' }).click();
  await expect(dialog).toBeHidden();
  expect(await api.call('getSettings', {})).toMatchObject({ tierId: 'plus', anchorDay: 15 });
});

test('first run: skipping says what is kept and the set-up is not shown again', async ({
  app,
  api,
  host,
}) => {
  const page = app.page;
  await page.goto(host.openUrl);
  const dialog = page.getByRole('dialog', { name: 'Set up Creditdesk' });
  await dialog.getByRole('button', { name: 'Skip: keep Starter, day 1' }).click();
  await expect(dialog).toBeHidden();
  expect(await api.call('getSetup', {})).toMatchObject({ needed: false });
  expect(await api.call('getSettings', {})).toMatchObject({ tierId: 'starter', anchorDay: 1 });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  await expect(dialog).toBeHidden();
});
