/**
 * Loads the whole ledger of a data folder into a LedgerService in a fresh process and prints what
 * it holds: the heap and array buffers it added (after a GC, so garbage of the load is not
 * counted) and the process's RSS with it loaded. With an image file as second argument the load
 * reads it (and storage's later writes) instead of scanning storage. Run with --expose-gc.
 */
import { join } from 'node:path';
import { openDatabase } from '../../src-main/core/db/open-database';
import { createStorage } from '../../src-main/core/db/storage';
import { LedgerService } from '../../src-main/core/ledger/ledger-service';

const dataDir = process.argv[2];
const imagePath = process.argv[3];
if (!dataDir) throw new Error('usage: ledger-memory-child.ts <data folder> [ledger image]');
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const db = await openDatabase({ storage: createStorage(join(dataDir, 'db')) });
await db.ledger.count().exec();
gc();
const before = process.memoryUsage();
const ledger = new LedgerService(db.ledger, 1, { log: () => {}, imagePath });
await ledger.init();
if (imagePath && ledger.lastLoad?.from !== 'image')
  throw new Error(`image not used: ${JSON.stringify(ledger.lastLoad)}`);
ledger.balanceAt(Date.now());
const loaded = process.memoryUsage();
gc();
const settled = process.memoryUsage();
const entries = ledger.size;
process.stdout.write(
  JSON.stringify({
    entries,
    held: settled.heapUsed + settled.arrayBuffers - (before.heapUsed + before.arrayBuffers),
    rss: loaded.rss,
    openedRss: before.rss,
    settledRss: settled.rss,
  }) + '\n',
);
// Closing would write an image when this load scanned; the child only measures.
await db.close();
