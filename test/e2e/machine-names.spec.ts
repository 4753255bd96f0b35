import { test, expect, DAY } from './support/fixtures';
import type { UsageBatchSpec } from './support/usage-generator';

const NOW = Date.now();
/** A few entries written by a teammate's machine, so the ledger holds two machines. */
const TEAMMATE: UsageBatchSpec = {
  count: 5,
  from: NOW - 2 * DAY,
  to: NOW - 3_600_000,
  machineId: 'm-remote-laptop',
  prefix: 'teammate',
};
test.use({ seedUsage: [TEAMMATE] });

test('a machine named in Settings shows by name in the ledger, its id on hover and in details', async ({
  api,
  app,
}) => {
  await api.call('recordUsage', { action: { kind: 'ai_label' }, sourceEventId: 'mine-1' });
  const { machineId } = await api.call('getAppInfo', {});
  // A teammate named their machine (the rename reaches this machine in the settings document).
  await api.call('renameMachine', { machineId: 'm-remote-laptop', name: 'Dana’s laptop' });

  await app.open('Settings');
  const page = app.page;
  const form = page.getByRole('form', { name: 'Name this machine' });
  const input = form.getByLabel('Machine name');
  const save = form.getByRole('button', { name: 'Save name' });
  await expect(save).toBeDisabled();
  await input.fill('x'.repeat(61));
  await save.click();
  await expect(form.getByRole('alert')).toHaveText(/at most 60 characters; shorten it/);
  await input.fill('   ');
  await expect(save).toBeDisabled();
  await input.fill('  Front desk laptop ');
  await save.click();
  await expect(
    page.getByText('This machine is now called “Front desk laptop” for the whole team.'),
  ).toBeVisible();
  await expect(form.getByRole('alert')).toHaveCount(0);
  await expect(input).toHaveValue('Front desk laptop');
  // Clearing a name that is set is refused in words, and the name stays.
  await input.fill('   ');
  await save.click();
  await expect(form.getByRole('alert')).toHaveText(/cannot be empty/);
  expect((await api.call('getAppInfo', {})).machineName).toBe('Front desk laptop');
  await input.fill('Front desk laptop');
  await expect(form.getByRole('alert')).toHaveCount(0);
  await app.screenshots('machine-names-settings', { sizes: true });

  await app.go('Ledger');
  const grid = page.getByRole('grid', { name: 'Ledger entries' });
  const mine = grid.locator('[data-entry-id="usage:mine-1"]');
  const mineCell = mine.locator('.cell-machine');
  await expect(mineCell).toHaveText('Front desk laptop');
  await expect(mineCell).toHaveAttribute('title', `Front desk laptop (${machineId})`);
  const theirs = grid.locator('[data-entry-id^="usage:teammate"]').first();
  await expect(theirs.locator('.cell-machine')).toHaveText('Dana’s laptop');

  const filters = page.getByRole('search', { name: 'Ledger filters' });
  const machine = filters.getByLabel('Machine');
  await expect(machine.locator('option', { hasText: 'Dana’s laptop (m-remote-laptop)' })).toHaveCount(1);
  await expect(
    machine.locator('option', { hasText: `Front desk laptop (${machineId}) (this machine)` }),
  ).toHaveCount(1);
  await machine.selectOption('m-remote-laptop');
  await expect(page.getByTestId('ledger-count')).toHaveText('5 entries match the filters');
  await machine.selectOption('');

  await mine.click();
  const details = page.getByRole('complementary', { name: 'Entry details' });
  await expect(details).toContainText(`Front desk laptop ${machineId}`);
  await app.screenshots('machine-names-ledger', { sizes: true });
});
