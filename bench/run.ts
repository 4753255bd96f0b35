/**
 * `npm run bench`: runs every benchmark part (or those named in BENCH_ONLY, comma-separated) and
 * prints one table per part. BENCH_SCALE=quick shrinks the data sets for a fast smoke run.
 *
 * Each part runs in its own process, so one part's heap (a million documents in memory) neither
 * slows the next part's figures nor adds up to an out-of-memory failure.
 */
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { scale } from './harness';

const dir = import.meta.dirname;
const part = process.env.BENCH_PART;

if (part) {
  const mod = (await import(pathToFileURL(join(dir, `${part}.bench.ts`)).href)) as {
    default: () => Promise<void>;
  };
  await mod.default();
} else {
  const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
  const parts = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.replace(/\.bench\.ts$/, ''))
    .filter((p) => only.length === 0 || only.includes(p))
    .sort();
  console.log(`Creditdesk benchmarks — scale ${scale}, parts: ${parts.join(', ') || '(none)'}`);
  const failed: string[] = [];
  for (const name of parts) {
    const run = spawnSync(process.execPath, [...process.execArgv, import.meta.filename], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_PART: name },
    });
    if (run.status !== 0) failed.push(`${name} (exit ${run.status ?? run.signal})`);
  }
  if (failed.length) {
    console.error(`\nBenchmark parts that failed: ${failed.join(', ')}`);
    process.exit(1);
  }
}
