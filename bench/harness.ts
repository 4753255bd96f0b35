/**
 * Benchmark plumbing shared by every part: timing, a table printer that shows each figure as a
 * ratio to a baseline measured in the same run, and the BENCH_SCALE knob.
 */
import { performance } from 'node:perf_hooks';

export type Scale = 'quick' | 'full';
export const scale: Scale = process.env.BENCH_SCALE === 'quick' ? 'quick' : 'full';

/** Picks a size by scale: quick keeps CI and laptops fast, full is what the issue goals are stated for. */
export const sized = (quick: number, full: number): number => (scale === 'quick' ? quick : full);

export async function time<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** Best of `runs` timings, after one warm-up run, to damp JIT and GC noise. */
export async function bestOf(runs: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  await fn();
  let best = Infinity;
  for (let i = 0; i < runs; i++) best = Math.min(best, (await time(fn)).ms);
  return best;
}

export interface Row {
  name: string;
  /** The measured figure (ms, ops/s, MB ...). */
  value: number;
  unit: string;
  /** Name of the row this one is compared with; omitted for the baseline itself. */
  baseline?: string;
  /** Higher is better (throughput) or lower is better (time). Decides how the ratio reads. */
  better?: 'higher' | 'lower';
  goal?: string;
  note?: string;
}

const fmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function printTable(title: string, rows: Row[]): void {
  const byName = new Map(rows.map((r) => [r.name, r]));
  const lines = rows.map((r) => {
    const base = r.baseline ? byName.get(r.baseline) : undefined;
    let ratio = 'baseline';
    if (base) ratio = `${fmt.format(r.value / base.value)}× ${r.baseline}`;
    else if (r.baseline) ratio = `(no ${r.baseline})`;
    return [r.name, `${fmt.format(r.value)} ${r.unit}`, ratio, r.goal ?? '', r.note ?? ''];
  });
  const head = ['measure', 'value', 'ratio', 'goal', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  console.log(`\n## ${title} (scale: ${scale})`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(line(l));
}

export const mb = (bytes: number): number => bytes / (1024 * 1024);
