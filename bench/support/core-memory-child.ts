/**
 * Opens the core on a data folder in a fresh process, waits for the whole ledger to be in memory
 * and prints the process's memory, so the figure is the app's alone (the benchmark process also
 * generated and wrote the ledger, which leaves its own garbage and heap growth behind).
 */
import { createCore } from '../../src-main/core/app';
import { fileSecretStore } from '../../src-main/core/secrets';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: core-memory-child.ts <data folder>');
const core = await createCore({ dataDir, mode: 'web', secretStore: fileSecretStore(dataDir) });
await core.context.ledger.fullSource();
const loaded = process.memoryUsage();
// Run with --expose-gc: what stays after a collection is what the ledger really holds.
(globalThis as { gc?: () => void }).gc?.();
const settled = process.memoryUsage();
const entries = core.context.ledger.size;
await core.close();
process.stdout.write(
  JSON.stringify({ rss: loaded.rss, settledRss: settled.rss, heapUsed: settled.heapUsed, entries }),
);
