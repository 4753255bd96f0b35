/**
 * `npm run bench`: runs every benchmark part (or those named in BENCH_ONLY, comma-separated) and
 * prints one table per part. BENCH_SCALE=quick shrinks the data sets for a fast smoke run.
 */
import { readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { scale } from './harness';

const only = (process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const dir = import.meta.dirname;
const parts = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .filter((p) => only.length === 0 || only.includes(p))
  .sort();

console.log(`Creditdesk benchmarks — scale ${scale}, parts: ${parts.join(', ') || '(none)'}`);
for (const part of parts) {
  const mod = (await import(pathToFileURL(join(dir, `${part}.bench.ts`)).href)) as {
    default: () => Promise<void>;
  };
  await mod.default();
}
