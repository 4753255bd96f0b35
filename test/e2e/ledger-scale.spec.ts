import type { Page } from '@playwright/test';
import { test, expect, DAY } from './support/fixtures';

/**
 * A ledger taller than a browser lets an element be (250,000 rows × 40 px = 10M px, over the
 * table's 8M px scrollbar): the scrollbar is scaled, but wheel steps and keys still move rows one
 * to one, and the scrollbar reaches both ends.
 */
const ROWS = 250_000;
const NOW = Date.now();
test.use({
  seedUsage: [{ count: ROWS, from: NOW - 400 * DAY, to: NOW - 60_000, machineId: 'm-big', prefix: 'big' }],
});

/** The index of the first row whose lower half is inside the scroller, and where it sits. */
function firstVisibleRow(page: Page) {
  return page.evaluate(() => {
    const scroller = document.querySelector<HTMLElement>('[data-testid="ledger-scroll"]')!;
    const top = scroller.getBoundingClientRect().top;
    for (const row of Array.from(scroller.querySelectorAll<HTMLElement>('.ledger-window > .ledger-row'))) {
      const box = row.getBoundingClientRect();
      if (box.bottom > top + box.height / 2)
        return { index: Number(row.getAttribute('aria-rowindex')) - 2, offset: box.top - top };
    }
    return null;
  });
}

test('a quarter-million entries: wheel steps move rows one to one; scrollbar and End reach the end', async ({
  app,
}) => {
  test.setTimeout(180_000);
  await app.open('Ledger');
  const page = app.page;
  const grid = page.getByRole('grid', { name: 'Ledger entries' });
  await expect(grid).toHaveAttribute('aria-rowcount', /^\d{6}$/, { timeout: 60_000 });
  const total = Number(await grid.getAttribute('aria-rowcount')) - 1;
  expect(total).toBeGreaterThanOrEqual(ROWS);
  const scroller = page.getByTestId('ledger-scroll');
  const height = await scroller.evaluate((el) => el.scrollHeight);
  expect(height).toBeLessThan(total * 40);

  // Three wheel steps of 400 px: 1,200 px is 30 rows, as on a short list (scaled it would be 37).
  const box = (await scroller.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 3; i++) await page.mouse.wheel(0, 400);
  await expect.poll(() => firstVisibleRow(page)).toEqual({ index: 30, offset: 0 });
  await page.mouse.wheel(0, -400);
  await expect.poll(() => firstVisibleRow(page)).toEqual({ index: 20, offset: 0 });

  // The scrollbar dragged halfway shows the middle of the ledger, and to the bottom, its end.
  await scroller.evaluate((el) => (el.scrollTop = (el.scrollHeight - el.clientHeight) / 2));
  // Until the rows follow the jump, none may be on screen (null): keep polling.
  await expect
    .poll(async () => {
      const row = await firstVisibleRow(page);
      return row ? Math.abs(row.index - total / 2) : Infinity;
    })
    .toBeLessThan(20);
  await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
  const last = grid.locator(`[aria-rowindex="${total + 1}"]`);
  await expect(last).toBeVisible();
  await expect(last).not.toHaveClass(/ledger-row-pending/);

  // Home, then End from the keyboard: the oldest entry sits fully inside the table and opens.
  await grid.focus();
  await page.keyboard.press('Home');
  await expect.poll(() => firstVisibleRow(page)).toEqual({ index: 0, offset: 0 });
  await page.keyboard.press('End');
  await expect(last).not.toHaveClass(/ledger-row-pending/);
  const [rowBox, frame] = await Promise.all([last.boundingBox(), scroller.boundingBox()]);
  expect(rowBox!.y + rowBox!.height).toBeLessThanOrEqual(frame!.y + frame!.height + 1);
  await page.keyboard.press('Enter');
  const oldest = (await last.getAttribute('data-entry-id'))!;
  await expect(page.getByRole('complementary', { name: 'Entry details' })).toContainText(oldest);
});
