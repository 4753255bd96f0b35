/**
 * Child-process entry for e2e tests: `node --import tsx seed-raw-cli.ts <dataDir> <ledger docs JSON>`.
 * Writes ledger documents as they are, past the app's commands: what an older or buggy version of the
 * app may have left in the database (e.g. an adjustment of 0, which the endpoint refuses).
 */
import { createCore } from '../../../src-main/core/app';
import { fileSecretStore } from '../../../src-main/core/secrets';

const [dataDir, json] = process.argv.slice(2);
if (!dataDir || !json) {
  console.error('usage: seed-raw-cli.ts <dataDir> <ledger docs JSON>');
  process.exit(2);
}
const core = await createCore({ dataDir, mode: 'web', secretStore: fileSecretStore(dataDir) });
try {
  const { error } = await core.context.db.ledger.bulkInsert(JSON.parse(json) as never[]);
  if (error.length > 0) throw new Error(`seeding failed: ${JSON.stringify(error[0])}`);
} finally {
  await core.close();
}
console.log(JSON.stringify({ written: JSON.parse(json).length }));
