/**
 * Times one PDF through the document estimator in a fresh process and prints the figures with
 * the process's peak RSS (worker threads included), for bench/documents.bench.ts.
 * Usage: bench-child.ts <pdf> <workers> <runs>
 */
import { readFileSync } from 'node:fs';
import { createDocumentEstimator } from '../../../src-main/core/documents';
import { makePdf } from './make-files';

const [file, workersArg, runsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: bench-child.ts <pdf> <workers> <runs>');
const estimator = createDocumentEstimator({ maxWorkers: Number(workersArg ?? 2) });
const runs = Number(runsArg ?? 3);

let started = performance.now();
// The first estimate starts the worker threads and loads pdf.js: reported as the cold time.
const warmup = await estimator.estimate([{ bytes: await makePdf([['warm up']]), name: 'w.pdf' }]);
const coldStartMs = performance.now() - started;
if (warmup.files[0]!.status !== 'ok') throw new Error('warm-up failed');

let best = Infinity;
let row;
for (let i = 0; i < runs; i++) {
  started = performance.now();
  const batch = await estimator.estimate([{ path: file }]);
  best = Math.min(best, performance.now() - started);
  row = batch.files[0]!;
  if (row.status !== 'ok') throw new Error(`estimate failed: ${row.problem?.message}`);
}
await estimator.close();
process.stdout.write(
  JSON.stringify({
    bytes: readFileSync(file).length,
    pdfPages: row!.pdfPages,
    chars: row!.chars,
    bestMs: best,
    coldStartMs,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
