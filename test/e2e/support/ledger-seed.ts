import { createCore } from '../../../src-main/core/app';
import { fileSecretStore } from '../../../src-main/core/secrets';
import { generateUsage, type UsageBatchSpec } from './usage-generator';

export type { UsageBatchSpec };

/** Entries per store.append call: large enough to be fast, small enough to keep memory flat. */
const BATCH = 10_000;

/**
 * Writes generated usage straight into a data folder's ledger by opening the core in-process:
 * seeding a million entries through the API would take far longer than the test it serves.
 * Run it before a web host opens the folder (one process owns the database at a time).
 */
export async function seedUsage(
  dataDir: string,
  batches: UsageBatchSpec[],
  onProgress?: (written: number) => void,
): Promise<number> {
  const core = await createCore({ dataDir, mode: 'web', secretStore: fileSecretStore(dataDir) });
  let written = 0;
  try {
    for (const spec of batches) {
      for (let offset = 0; offset < spec.count; offset += BATCH) {
        const result = await core.context.store.append(generateUsage(spec, offset, BATCH));
        written += result.inserted.length;
        onProgress?.(written);
      }
    }
  } finally {
    await core.close();
  }
  return written;
}
