/**
 * Documents part: PDF text extraction through the document estimator (worker threads, pdf.js),
 * next to poppler's pdftotext on the same generated file in the same run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { mb, printTable, sized, type Row } from './harness';
import { lines, makePdf } from '../test/documents/support/make-files';

interface ChildFigures {
  bytes: number;
  pdfPages: number;
  chars: number;
  bestMs: number;
  coldStartMs: number;
  maxRssBytes: number;
}

const child = new URL('../test/documents/support/bench-child.ts', import.meta.url).pathname;

function estimateInChild(pdf: string, workers: number): ChildFigures {
  const out = execFileSync(process.execPath, ['--import', 'tsx', child, pdf, String(workers), '3'], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as ChildFigures;
}

/** pdftotext's best wall time of 3 and its peak RSS (GNU time), or null when poppler is missing. */
function pdftotext(pdf: string): { ms: number; maxRssBytes: number | null } | null {
  const probe = spawnSync('pdftotext', ['-v']);
  if (probe.error) return null;
  const gnuTime = existsSync('/usr/bin/time');
  let best = Infinity;
  let rss: number | null = null;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const run = gnuTime
      ? spawnSync('/usr/bin/time', ['-f', '%M', 'pdftotext', pdf, '/dev/null'], { encoding: 'utf8' })
      : spawnSync('pdftotext', [pdf, '/dev/null'], { encoding: 'utf8' });
    best = Math.min(best, performance.now() - started);
    if (run.status !== 0) throw new Error(`pdftotext failed: ${run.stderr}`);
    const kb = gnuTime ? Number(run.stderr.trim().split('\n').at(-1)) : NaN;
    if (Number.isFinite(kb)) rss = kb * 1024;
  }
  return { ms: best, maxRssBytes: rss };
}

export default async function documentsBench(): Promise<void> {
  const pages = sized(100, 500);
  const smallPages = Math.max(20, Math.floor(pages / 5));
  const dir = mkdtempSync(join(tmpdir(), 'creditdesk-bench-docs-'));
  try {
    // Dense pages: 45 lines of ~70 characters, about 3,000 characters per page.
    const makeFile = async (n: number) => {
      const path = join(dir, `${n}-pages.pdf`);
      writeFileSync(path, await makePdf(Array.from({ length: n }, (_, i) => lines(45, i + 1))));
      return path;
    };
    const big = await makeFile(pages);
    const small = await makeFile(smallPages);

    // Other work on the machine halves a two-worker figure first; say how busy it was.
    const load = loadavg()[0]!.toFixed(1);
    const poppler = pdftotext(big);
    const two = estimateInChild(big, 2);
    const one = estimateInChild(big, 1);
    const smallTwo = estimateInChild(small, 2);
    const rate = (ms: number) => (pages / ms) * 1000;

    const rows: Row[] = [];
    if (poppler)
      rows.push({
        name: 'pdftotext',
        value: rate(poppler.ms),
        unit: 'pages/s',
        better: 'higher',
        note: `${pages}-page PDF, ${Math.round(mb(two.bytes) * 10) / 10} MB; load average ${load}`,
      });
    rows.push(
      {
        name: 'estimator, 2 workers',
        value: rate(two.bestMs),
        unit: 'pages/s',
        baseline: 'pdftotext',
        better: 'higher',
        goal: '≥ 200 pages/s',
        note: `${two.chars.toLocaleString('en-US')} chars; best of 3, warm workers`,
      },
      {
        name: 'estimator, 1 worker',
        value: rate(one.bestMs),
        unit: 'pages/s',
        baseline: 'pdftotext',
        better: 'higher',
      },
      {
        name: 'worker start + pdf.js load',
        value: two.coldStartMs,
        unit: 'ms',
        better: 'lower',
        note: 'once per estimator (from TS sources via tsx)',
      },
    );
    if (poppler?.maxRssBytes)
      rows.push({ name: 'pdftotext peak RSS', value: mb(poppler.maxRssBytes), unit: 'MB', better: 'lower' });
    rows.push(
      {
        name: `peak RSS, ${smallPages} pages`,
        value: mb(smallTwo.maxRssBytes),
        unit: 'MB',
        better: 'lower',
        note: 'whole process incl. workers',
      },
      {
        name: `peak RSS, ${pages} pages`,
        value: mb(two.maxRssBytes),
        unit: 'MB',
        baseline: `peak RSS, ${smallPages} pages`,
        better: 'lower',
        goal: 'flat (≈ 1×)',
        note: `${pages / smallPages}× the pages`,
      },
    );
    printTable('Documents: PDF text extraction', rows);
    if (!poppler) console.log('(pdftotext not found: install poppler-utils to get the baseline)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
