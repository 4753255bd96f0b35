import { test, expect } from './support/fixtures';

test('a referral moves through the pipeline and going paid adds 2,000 credits once', async ({ api, app }) => {
  await app.open('Referrals');
  const page = app.page;
  await expect(page.getByText('No referrals yet')).toBeVisible();
  await expect(page.getByText('earns 2,000 credits, once')).toBeVisible();

  await page.getByLabel('Company or person').fill('Acme Support');
  await page.getByLabel('Contact (optional)').fill('ops@acme.test');
  await page.getByRole('button', { name: 'Add referral' }).click();
  const invited = page.getByRole('region', { name: /^Invited/ });
  await expect(invited.getByRole('listitem', { name: 'Acme Support' })).toBeVisible();
  await expect(page.getByLabel('Company or person')).toHaveValue('');

  await page.getByRole('button', { name: 'Mark Acme Support signed up' }).click();
  await expect(
    page.getByRole('region', { name: /^Signed up/ }).getByRole('listitem', { name: 'Acme Support' }),
  ).toBeVisible();

  // "Went paid" asks first and names the 2,000 credits; cancelling awards nothing.
  await page.getByRole('button', { name: 'Mark Acme Support paid' }).click();
  const dialog = page.getByRole('dialog', { name: 'Mark as paid' });
  await expect(dialog).toContainText('adds 2,000 credits to the balance, once');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect((await api.call('listLedger', { filter: { buckets: ['referral'] } })).total).toBe(0);
  await page.getByRole('button', { name: 'Mark Acme Support paid' }).click();
  await dialog.getByRole('button', { name: 'Award 2,000 credits' }).click();
  const awarded = page.getByRole('region', { name: /^Awarded/ });
  await expect(awarded.getByRole('listitem', { name: 'Acme Support' })).toContainText('+2,000 credits');
  await expect(page.getByTestId('referral-earned')).toContainText('2,000 credits');
  await expect(page.getByRole('group', { name: 'Balance summary' })).toContainText('3,000 credits');

  // Another machine (or a second click) marking it paid again awards nothing more.
  const [referral] = await api.call('listReferrals', {});
  await api.call('advanceReferral', { id: referral!.id, status: 'paid' });
  await api.call('advanceReferral', { id: referral!.id, status: 'paid' });
  await expect(page.getByTestId('referral-earned')).toContainText('2,000 credits');
  const { total } = await api.call('listLedger', { filter: { buckets: ['referral'] } });
  expect(total).toBe(1);
  await expect(page.getByRole('group', { name: 'Balance summary' })).toContainText('3,000 credits');

  // The same company again (another address at its domain) warns and links the existing one.
  await page.getByLabel('Company or person').fill('ACME support inc');
  await page.getByLabel('Contact (optional)').fill('Sales@Acme.test');
  await page.getByRole('button', { name: 'Add referral' }).click();
  await expect(page.getByText(/Acme Support \(ops@acme\.test\) is already in the pipeline/)).toBeVisible();
  expect(await api.call('listReferrals', {})).toHaveLength(1);

  await app.go('Overview');
  await expect(page.getByTestId('bucket-referral')).toContainText('2,000');
  await app.go('Referrals');
  await app.screenshots('referrals');

  // A mistaken award is taken back with a reason.
  await page.getByRole('button', { name: 'Take back the award for Acme Support' }).click();
  const revoke = page.getByRole('dialog', { name: 'Take the award back' });
  await expect(revoke.getByRole('button', { name: 'Take back' })).toBeDisabled();
  await revoke.getByLabel('Reason').fill('their payment bounced');
  await revoke.getByRole('button', { name: 'Take back' }).click();
  await expect(awarded.getByRole('listitem', { name: 'Acme Support' })).toContainText('Award taken back');
  await expect(page.getByRole('group', { name: 'Balance summary' })).toContainText('1,000 credits');
  await expect(page.getByTestId('referral-earned')).toContainText('0 credits');
});

test('lists a pipeline with every stage', async ({ api, app }) => {
  const a = await api.call('addReferral', { name: 'Northwind' });
  const b = await api.call('addReferral', { name: 'Globex', contact: 'it@globex.test' });
  await api.call('addReferral', { name: 'Initech' });
  await api.call('advanceReferral', { id: a.id, status: 'signed_up' });
  await api.call('advanceReferral', { id: b.id, status: 'paid' });
  await app.open('Referrals');
  const page = app.page;
  await expect(page.getByRole('region', { name: /^Invited/ })).toContainText('Initech');
  await expect(page.getByRole('region', { name: /^Signed up/ })).toContainText('Northwind');
  await expect(page.getByRole('region', { name: /^Awarded/ })).toContainText('Globex');
  await expect(page.getByTestId('referral-earned')).toContainText('2,000 credits');
});
