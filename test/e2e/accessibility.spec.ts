import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { ROUTE_LABELS } from './support/routes';

/** Serious and critical axe findings on what is on screen now, as readable lines. */
async function seriousFindings(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary ?? ''}`),
    );
}

for (const scheme of ['light', 'dark'] as const) {
  test(`every page has no serious or critical axe findings (${scheme})`, async ({ app, api }) => {
    test.setTimeout(180_000);
    // Some of everything, so tables, charts and details have rows to check.
    await api.call('recordUsage', { action: { kind: 'ai_label' }, sourceEventId: 'a11y-1' });
    await api.call('recordUsage', { action: { kind: 'document', chars: 9000 }, sourceEventId: 'a11y-2' });
    await api.call('purchaseBundle', { bundleId: 'b1k', requestId: crypto.randomUUID() });
    const page = app.page;
    await page.emulateMedia({ colorScheme: scheme });
    await app.open();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText(ROUTE_LABELS);
    const findings: Record<string, string[]> = {};
    for (const label of ROUTE_LABELS) {
      await app.go(label);
      // Let data arrive and charts draw before checking.
      await page.waitForLoadState('networkidle').catch(() => undefined);
      await page.waitForTimeout(400);
      const found = await seriousFindings(page);
      if (found.length) findings[label] = found;
    }
    // Dialogs and panels that open over pages.
    await app.go('Ledger');
    await page.getByRole('button', { name: 'Import usage' }).click();
    const importFound = await seriousFindings(page);
    if (importFound.length) findings['Ledger import'] = importFound;
    await app.go('Settings');
    await page.getByRole('button', { name: 'Run set-up again' }).click();
    await expect(page.getByRole('dialog', { name: 'Set up Creditdesk' })).toBeVisible();
    const setupFound = await seriousFindings(page);
    if (setupFound.length) findings['First-run set-up'] = setupFound;
    expect(findings).toEqual({});
  });
}
