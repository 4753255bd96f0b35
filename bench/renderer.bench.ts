/**
 * Console part (issue #6): time to first render of Overview and Ledger with a 1M-entry ledger
 * (quick: 50k), next to the same pages on an empty ledger in the same run; then the ledger table
 * scrolled by wheel and by scrollbar jumps, counting long tasks (> 50 ms) in the page.
 *
 * The ledger is seeded by opening the core in-process (store.append in batches of 10k); the web
 * host then serves the built renderer on that folder and Debian's Chromium loads it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { chromium, type Browser, type Page } from '@playwright/test';
import { printTable, sized, time, type Row } from './harness';
import { seedUsage } from '../test/e2e/support/ledger-seed';
import { freshDataDir, startHost, type RunningHost } from '../test/e2e/support/web-host';

const ROOT = resolve(import.meta.dirname, '..');
const CHROMIUM = '/usr/bin/chromium';
const DAY = 86_400_000;
const RUNS = 3;
const TRACE_FILE = 'artifacts/renderer-scroll-trace.json';

/**
 * Installed before any page script: records when the first real content of each page appears
 * (balance figure, first loaded ledger row), and collects long tasks once asked to.
 */
const MARKS_SCRIPT = `
  window.__marks = {};
  window.__longTasks = [];
  const seen = (name, selector) => {
    if (window.__marks[name] === undefined && document.querySelector(selector))
      window.__marks[name] = performance.now();
  };
  new MutationObserver(() => {
    seen('overview', '[data-testid="balance-total"]');
    seen('ledger', '.ledger-window > .ledger-row:not(.ledger-row-pending)');
  }).observe(document, { childList: true, subtree: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

interface Marks {
  overview?: number;
  ledger?: number;
}

async function openPage(browser: Browser, host: RunningHost): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.addInitScript(MARKS_SCRIPT);
  // The first load takes the token from the address into this tab's session storage.
  await page.goto(host.openUrl);
  await page.waitForSelector('[data-testid="balance-total"]', { timeout: 60_000 });
  return page;
}

/** Best of RUNS cold loads (full reload) of one route: ms from navigation start to its content. */
async function firstRender(page: Page, host: RunningHost, route: 'overview' | 'ledger'): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < RUNS; i++) {
    await page.goto(`${host.url}#/${route}`);
    await page.reload();
    await page.waitForFunction(
      (name) => (window as unknown as { __marks: Marks }).__marks[name as keyof Marks],
      route,
      {
        timeout: 60_000,
        polling: 50,
      },
    );
    const ms = await page.evaluate(
      (name) => (window as unknown as { __marks: Marks }).__marks[name as keyof Marks]!,
      route,
    );
    best = Math.min(best, ms);
  }
  return best;
}

interface ScrollFigures {
  longTasks: number;
  longestTaskMs: number;
  /** From a Chrome trace: tasks of the page's main thread by their own CPU time (tdur). */
  cpuLongTasks: number;
  longestCpuTaskMs: number;
  p95FrameMs: number;
  jumpFillMs: number;
  rows: number;
  /** The machine's 1-minute load average right after scrolling. */
  load: number;
}

/**
 * Scrolls the ledger for a few seconds with the mouse wheel, then jumps the scrollbar to random
 * places (as dragging it would), and reports long tasks, frame times and how long rows take to fill.
 */
async function scrollLedger(page: Page, host: RunningHost): Promise<ScrollFigures> {
  await page.goto(`${host.url}#/ledger`);
  await page.reload();
  await page.waitForSelector('.ledger-window > .ledger-row:not(.ledger-row-pending)', { timeout: 60_000 });
  const rows = Number(await page.getByRole('grid').getAttribute('aria-rowcount')) - 1;
  // Let the first load's work finish so only scrolling is measured.
  await page.waitForTimeout(1000);
  // A string, not a function: tsx's name helpers do not exist inside the page.
  await page.evaluate(`
    window.__longTasks.length = 0;
    window.__frames = [];
    window.__framing = true;
    let last = performance.now();
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      if (window.__framing) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  `);
  await page
    .context()
    .browser()!
    .startTracing(page, { categories: ['devtools.timeline', 'toplevel'] });
  const body = page.getByTestId('ledger-scroll');
  const box = (await body.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  // 300 px every ~16 ms: a fast flick (about 18,000 px/s, 450 rows a second).
  for (let i = 0; i < 120; i++) {
    await page.mouse.wheel(0, 300);
    await page.waitForTimeout(16);
  }
  const fills: number[] = [];
  for (let i = 0; i < 10; i++) {
    const share = ((i * 7919) % 1000) / 1000;
    fills.push(
      await page.evaluate(async (to) => {
        const scroller = document.querySelector<HTMLElement>('[data-testid="ledger-scroll"]')!;
        const started = performance.now();
        scroller.scrollTop = (scroller.scrollHeight - scroller.clientHeight) * to;
        // Rows are filled when no placeholder row is left on screen.
        for (;;) {
          await new Promise((r) => requestAnimationFrame(r));
          const rowsShown = scroller.querySelectorAll('.ledger-row').length;
          if (rowsShown > 0 && scroller.querySelectorAll('.ledger-row-pending').length === 0)
            return performance.now() - started;
          if (performance.now() - started > 30_000) return Infinity;
        }
      }, share),
    );
    await page.waitForTimeout(100);
  }
  const result = await page.evaluate(() => {
    const w = window as unknown as {
      __longTasks: { duration: number }[];
      __frames: number[];
      __framing: boolean;
    };
    w.__framing = false;
    const frames = [...w.__frames].sort((a, b) => a - b);
    return {
      longTasks: w.__longTasks.length,
      longestTaskMs: Math.max(0, ...w.__longTasks.map((t) => t.duration)),
      p95FrameMs: frames[Math.floor(frames.length * 0.95)] ?? 0,
    };
  });
  fills.sort((a, b) => a - b);
  const trace = await page.context().browser()!.stopTracing();
  // Kept for a look in chrome://tracing or DevTools when a figure moves.
  mkdirSync(resolve(ROOT, 'artifacts'), { recursive: true });
  writeFileSync(resolve(ROOT, TRACE_FILE), trace);
  return {
    ...result,
    ...cpuTasks(trace),
    jumpFillMs: fills[Math.floor(fills.length / 2)]!,
    rows,
    load: loadavg()[0]!,
  };
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * Wall-clock long tasks include time the main thread waited for a CPU (the web host and the
 * browser share the machine). The trace's thread time (tdur) counts only the page's own work.
 */
function cpuTasks(trace: Buffer): { cpuLongTasks: number; longestCpuTaskMs: number } {
  const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  // Top-level tasks of the page's main thread ('toplevel' category), which carry thread time.
  const tasks = events.filter(
    (e) =>
      (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask') &&
      e.ph === 'X' &&
      mains.has(`${e.pid}:${e.tid}`),
  );
  if (tasks.length === 0)
    throw new Error('The trace holds no main-thread tasks; the CPU figures would be empty.');
  const cpuMs = tasks.map((e) => (e.tdur ?? e.dur ?? 0) / 1000);
  return { cpuLongTasks: cpuMs.filter((ms) => ms > 50).length, longestCpuTaskMs: Math.max(0, ...cpuMs) };
}

function ensureRendererBuilt(): void {
  if (existsSync(resolve(ROOT, 'out/renderer/index.html'))) return;
  const build = spawnSync(resolve(ROOT, 'node_modules/.bin/electron-vite'), ['build'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0)
    throw new Error('electron-vite build failed; the renderer benchmark needs out/renderer.');
}

export default async function rendererBench(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.log(`\n## Console: skipped — ${CHROMIUM} is missing; install it: sudo apt-get install chromium`);
    return;
  }
  ensureRendererBuilt();
  const entries = sized(50_000, 1_000_000);
  const big = freshDataDir();
  const empty = freshDataDir();
  let browser: Browser | null = null;
  const hosts: RunningHost[] = [];
  try {
    const now = Date.now();
    const seeded = await time(() =>
      seedUsage(big, [
        {
          count: entries,
          from: now - 730 * DAY,
          to: now - 60_000,
          machineId: 'm-bench-helpdesk',
          prefix: 'bench',
        },
      ]),
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--no-first-run',
      ],
    });

    const emptyHost = await startHost({ dataDir: empty });
    hosts.push(emptyHost);
    const emptyPage = await openPage(browser, emptyHost);
    const overviewEmpty = await firstRender(emptyPage, emptyHost, 'overview');
    await emptyPage.close();

    const started = await time(() => startHost({ dataDir: big, startupMs: 600_000 }));
    const bigHost = started.value;
    hosts.push(bigHost);
    const page = await openPage(browser, bigHost);
    const overview = await firstRender(page, bigHost, 'overview');
    const ledger = await firstRender(page, bigHost, 'ledger');
    const scroll = await scrollLedger(page, bigHost);
    await page.close();

    const label = entries >= 1_000_000 ? '1M' : `${entries / 1000}k`;
    const rows: Row[] = [
      { name: 'overview first render, empty ledger', value: overviewEmpty, unit: 'ms', better: 'lower' },
      {
        name: `overview first render, ${label} entries`,
        value: overview,
        unit: 'ms',
        baseline: 'overview first render, empty ledger',
        goal: '< 1000 ms',
        note: `best of ${RUNS} cold page loads`,
      },
      {
        name: `ledger first render, ${label} entries`,
        value: ledger,
        unit: 'ms',
        baseline: 'overview first render, empty ledger',
        goal: '< 1000 ms',
        note: `first rows shown; ${scroll.rows.toLocaleString('en-US')} rows in the table`,
      },
      {
        name: 'ledger scroll: long tasks > 50 ms, CPU',
        value: scroll.cpuLongTasks,
        unit: 'tasks',
        goal: '0',
        note: `main-thread CPU time per task (trace in ${TRACE_FILE}); 120 wheel steps + 10 scrollbar jumps`,
      },
      {
        name: 'ledger scroll: longest task, CPU',
        value: scroll.longestCpuTaskMs,
        unit: 'ms',
        goal: '< 50 ms',
      },
      {
        name: 'ledger scroll: long tasks > 50 ms, wall',
        value: scroll.longTasks,
        unit: 'tasks',
        note: `PerformanceObserver; includes waiting for a CPU (load average ${scroll.load.toFixed(1)} on ${cpus().length} cores)`,
      },
      { name: 'ledger scroll: longest task, wall', value: scroll.longestTaskMs, unit: 'ms' },
      { name: 'ledger scroll: p95 frame time', value: scroll.p95FrameMs, unit: 'ms' },
      {
        name: 'ledger jump: rows filled (median)',
        value: scroll.jumpFillMs,
        unit: 'ms',
        note: 'scrollbar jump to rows on screen, incl. a listLedger round trip',
      },
      {
        name: 'seed (core in-process, batches of 10k)',
        value: seeded.ms / 1000,
        unit: 's',
        note: `${seeded.value.toLocaleString('en-US')} entries`,
      },
      { name: 'web host start on the seeded folder', value: started.ms / 1000, unit: 's' },
    ];
    printTable('Console (renderer in Chromium via the web host)', rows);
  } finally {
    await browser?.close();
    for (const host of hosts) await host.stop();
    rmSync(big, { recursive: true, force: true });
    rmSync(empty, { recursive: true, force: true });
  }
}
