import { test, expect } from './support/fixtures';

test('a settings change re-prices new usage while recorded usage keeps its price', async ({ api, app }) => {
  await api.call('recordUsage', { action: { kind: 'ai_label' }, sourceEventId: 'label-before' });

  await app.open('Settings');
  const page = app.page;
  const form = page.getByRole('form', { name: 'Workspace settings' });
  await expect(form.getByLabel('Label count')).toHaveValue('20');
  await expect(form.getByRole('button', { name: 'Save settings' })).toBeDisabled();
  await form.getByLabel('Label count').fill('abc');
  await expect(form.getByText('A whole number of labels.')).toBeVisible();
  await expect(form.getByRole('button', { name: 'Save settings' })).toBeDisabled();
  await form.getByLabel('Label count').fill('150');
  await form.getByLabel('Alert thresholds (% of monthly credits)').fill('75, 90');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved. New usage is priced with them.')).toBeVisible();
  const saved = await api.call('getSettings', {});
  expect(saved.labelCount).toBe(150);
  expect(saved.alertThresholds).toEqual([75, 90]);

  await api.call('recordUsage', { action: { kind: 'ai_label' }, sourceEventId: 'label-after' });
  await app.go('Ledger');
  const grid = page.getByRole('grid', { name: 'Ledger entries' });
  const after = grid.locator('[data-entry-id="usage:label-after"]');
  const before = grid.locator('[data-entry-id="usage:label-before"]');
  await expect(after).toContainText('-2');
  await expect(after).toContainText('AI label, 150 labels (101+): 2 credits');
  await expect(before).toContainText('-1');
  await expect(before).toContainText('AI label, 20 labels: 1 credit');

  await app.go('Overview');
  await expect(page.getByText('when 75%, 90% of the monthly credits are used')).toBeVisible();
});

test('sync settings: the token is never shown back, only "set"; status shows in the frame', async ({
  app,
}) => {
  await app.open('Settings');
  const page = app.page;
  const sync = page.getByRole('form', { name: 'Sync settings' });
  await expect(sync.getByTestId('token-state')).toHaveText('not set');
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('Sync off');

  await sync.getByLabel('Endpoint URL').fill('not a url');
  await expect(sync.getByText('Enter the endpoint’s full URL')).toBeVisible();
  // A closed port on this machine: sync is configured but cannot connect.
  await sync.getByLabel('Endpoint URL').fill('http://127.0.0.1:9');
  await sync.getByLabel(/^Token/).fill('team-token-0123456789');
  await sync.getByRole('button', { name: 'Save sync settings' }).click();
  await expect(sync.getByTestId('token-state')).toHaveText('set');
  await expect(sync.getByLabel(/^Token/)).toHaveValue('');
  await expect(sync.getByLabel(/^Token/)).toHaveAttribute(
    'placeholder',
    'Leave empty to keep the current token',
  );
  await expect(page.locator('body')).not.toContainText('team-token-0123456789');
  const status = page.getByRole('status', { name: 'Sync status' });
  await expect(status).not.toContainText('Sync off');
  await expect(status).toContainText(/waiting to push|Never synced|Nothing waiting/);

  await sync.getByRole('button', { name: 'Forget token' }).click();
  await expect(sync.getByTestId('token-state')).toHaveText('not set');

  // The theme can be forced; it follows the OS by default.
  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('radio', { name: 'Follow the system' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await app.screenshots('settings');
});

test('hosting the endpoint: this machine syncs with it and a teammate token is shown once', async ({
  app,
}) => {
  await app.open('Settings');
  const page = app.page;
  const hosting = page.getByRole('switch', { name: 'Host the sync endpoint on this machine' });
  // The switch follows the endpoint's state, which changes once the endpoint has started.
  // This machine only, unless the LAN is chosen: the default is loopback.
  await expect(page.getByRole('radio', { name: /This machine only/ })).toBeChecked();
  await hosting.click();
  await expect(hosting).toBeChecked({ timeout: 20_000 });
  await expect(
    page.getByText(/Listening on http:\/\/127\.0\.0\.1:\d+, reachable from this machine only\./),
  ).toBeVisible();
  await expect(page.getByText(/Plain HTTP: tokens and ledger entries cross the network/)).toHaveCount(0);
  await page.getByRole('radio', { name: /Teammates on the local network/ }).check();
  await expect(page.getByText(/Teammates connect to http:\/\/.+:\d+ while this machine is on\./)).toBeVisible(
    { timeout: 20_000 },
  );
  await expect(page.getByText(/Plain HTTP: tokens and ledger entries cross the network/)).toBeVisible();
  // Hosting signs this machine in to its own endpoint with a fresh token.
  await expect(page.getByRole('form', { name: 'Sync settings' }).getByTestId('token-state')).toHaveText(
    'set',
  );
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText(
    /online|Synced|Nothing waiting/i,
    {
      timeout: 20_000,
    },
  );

  const invite = page.getByRole('form', { name: 'Invite a teammate' });
  await invite.getByLabel('Teammate’s machine').fill('Dana’s laptop');
  await invite.getByRole('button', { name: 'Create token' }).click();
  const token = page.getByTestId('teammate-token');
  await expect(token).toHaveText(/^[A-Za-z0-9_-]{20,}/);
  await expect(page.getByText(/Token for Dana’s laptop \(admin\) — shown only now\./)).toBeVisible();
  // The endpoint's tokens: this machine's own and the new one, with scope and last use.
  const tokens = page.getByTestId('hosted-tokens');
  await expect(tokens.locator('tr', { hasText: 'Dana’s laptop' })).toContainText(/admin.*never.*Revoke/);
  await expect(tokens.locator('tr', { hasText: '(this machine)' })).toContainText(/admin/);
  await app.screenshots('settings-hosting');
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(token).toHaveCount(0);

  // A metering token for the help desk, then revoked.
  await invite.getByLabel('Teammate’s machine').fill('Help desk');
  await invite.getByLabel('Access').selectOption('metering');
  await invite.getByRole('button', { name: 'Create token' }).click();
  await expect(
    page.getByText(/Token for Help desk \(metering\) — shown only now\. Give it to the help desk/),
  ).toBeVisible();
  const helpdesk = tokens.locator('tr', { hasText: 'Help desk' });
  await expect(helpdesk).toContainText(/metering.*Revoke/);
  page.once('dialog', (dialog) => void dialog.accept());
  await helpdesk.getByRole('button', { name: 'Revoke Help desk' }).click();
  await expect(helpdesk).toContainText('revoked');
  await expect(helpdesk.getByRole('button')).toHaveCount(0);
  await page.getByRole('button', { name: 'Done' }).click();

  await hosting.click();
  await expect(hosting).not.toBeChecked();
  await expect(page.getByRole('form', { name: 'Invite a teammate' })).toHaveCount(0);
});
