/**
 * Child-process entry for e2e tests: `node --import tsx seed-cli.ts <dataDir> <batches JSON>`.
 * Keeps the database (and its native module) out of the Playwright runner's process.
 */
import { seedUsage, type UsageBatchSpec } from './ledger-seed';

const [dataDir, json] = process.argv.slice(2);
if (!dataDir || !json) {
  console.error('usage: seed-cli.ts <dataDir> <batches JSON>');
  process.exit(2);
}
const written = await seedUsage(dataDir, JSON.parse(json) as UsageBatchSpec[]);
console.log(JSON.stringify({ written }));
