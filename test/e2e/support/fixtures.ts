import { mkdirSync, writeFileSync } from 'node:fs';
import { SETUP_FILE_NAME } from '../../../src-main/core/settings/setup-state';
import { join, resolve } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { connectApi, type TestApi } from './api-client';
import { freshDataDir, seedInChild, startHost, type RunningHost } from './web-host';
import type { UsageBatchSpec } from './usage-generator';

const SCREENSHOTS = resolve(import.meta.dirname, '../../../artifacts/screenshots');

export interface ConsoleApp {
  page: Page;
  /** Loads the console with the host's token and opens a page from the navigation. */
  open(navLabel?: string): Promise<void>;
  /** Clicks a navigation item and waits for its page heading. */
  go(navLabel: string, heading?: string): Promise<void>;
  /**
   * Saves full-page screenshots in light and dark to artifacts/screenshots/<name>-<theme>.png; with
   * `sizes`, at 1280×720 and 1440×900 as <name>-<width>x<height>-<theme>.png (the window restored after).
   */
  screenshots(name: string, options?: { sizes?: boolean }): Promise<void>;
}

interface Fixtures {
  /** Usage generated straight into the data folder before the host starts (per test). */
  seedUsage: UsageBatchSpec[];
  /** Show the first-run set-up; other tests start as a machine that finished it. */
  firstRun: boolean;
  host: RunningHost;
  api: TestApi;
  app: ConsoleApp;
}

/** A data folder whose machine already went through the first-run set-up (the dialog stays closed). */
export function markSetUp(dataDir: string): void {
  writeFileSync(join(dataDir, SETUP_FILE_NAME), JSON.stringify({ completedAt: 0 }));
}

export const test = base.extend<Fixtures>({
  seedUsage: [[], { option: true }],
  firstRun: [false, { option: true }],

  host: async ({ seedUsage, firstRun }, use) => {
    const dataDir = freshDataDir();
    if (seedUsage.length > 0) await seedInChild(dataDir, seedUsage);
    if (!firstRun) markSetUp(dataDir);
    const host = await startHost({ dataDir, removeDataDir: true });
    try {
      await use(host);
    } finally {
      await host.stop();
    }
  },

  api: async ({ host }, use) => {
    const api = await connectApi(host.url, host.token);
    try {
      await use(api);
    } finally {
      await api.close();
    }
  },

  app: async ({ page, host }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const go = async (navLabel: string, heading = navLabel) => {
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: navLabel, exact: true })
        .click();
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    };
    await use({
      page,
      async open(navLabel) {
        await page.goto(host.openUrl);
        await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
        if (navLabel && navLabel !== 'Overview') await go(navLabel);
      },
      go,
      async screenshots(name, options) {
        mkdirSync(SCREENSHOTS, { recursive: true });
        if (options?.sizes) {
          const before = page.viewportSize();
          for (const size of SIZES) {
            await page.setViewportSize(size);
            await shoot(page, `${name}-${size.width}x${size.height}`);
          }
          if (before) await page.setViewportSize(before);
          return;
        }
        await shoot(page, name);
      },
    });
    // An uncaught error in the page fails the test even when every assertion passed.
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

/** The window sizes every changed screen is looked at in. */
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
];

async function shoot(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    // Let charts and transitions settle on the new palette before the picture.
    await page.waitForTimeout(250);
    // Toasts float over the page and come and go; the pictures are of the page.
    await page.screenshot({
      path: join(SCREENSHOTS, `${name}-${scheme}.png`),
      fullPage: true,
      style: '.toasts { display: none !important; }',
    });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

export { expect };

export const DAY = 86_400_000;
