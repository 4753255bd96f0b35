import { openSync, readSync, closeSync } from 'node:fs';
import type { ImportMapping } from '../../../src-shared/api/import';
import type { ImportResult } from '../../../src-shared/api/views';
import type { LedgerEntry } from '../../../src-shared/ledger/entry';
import { usageEntryFor, isChargedOncePerSite } from '../../../src-shared/ledger/usage-entry';
import type { LedgerCollection } from '../ledger/ledger-collection';
import type { SettingsService } from '../settings/settings-service';
import type { JobHandle } from '../jobs/jobs';
import type { ResolvedFile } from '../files/uploads';
import { detectFormat, readRecords } from './record-reader';
import { ColumnResolver, parseUsageRecord } from './usage-row';

const BATCH = 1000;
/** Enough to list every error of any file a person fixes by hand; beyond it errors are counted. */
const MAX_LISTED_ERRORS = 1000;

export interface ImportDeps {
  store: LedgerCollection;
  settings: SettingsService;
  machineId: string;
  now: () => number;
}

function head(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(256);
    return buf.subarray(0, readSync(fd, buf, 0, 256, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Imports usage from CSV or NDJSON. Rows are priced with the workspace's current settings and card
 * and written in batches under ids derived from their event ids, so importing a file twice adds
 * nothing; bad rows are reported with their line numbers and the good ones are kept.
 */
export async function importUsage(
  deps: ImportDeps,
  file: ResolvedFile,
  format: 'csv' | 'ndjson' | 'auto',
  mapping: ImportMapping,
  job: JobHandle,
): Promise<Omit<ImportResult, 'jobId'>> {
  const [settings, card] = await Promise.all([deps.settings.get(), deps.settings.card()]);
  const chosen = format === 'auto' ? detectFormat(file.name, head(file.path)) : format;
  const result = {
    rows: 0,
    imported: 0,
    duplicates: 0,
    conflicts: 0,
    errors: [] as ImportResult['errors'],
    errorCount: 0,
  };
  const fail = (line: number, message: string) => {
    result.errorCount++;
    if (result.errors.length < MAX_LISTED_ERRORS) result.errors.push({ line, message });
  };
  const columns = new ColumnResolver(mapping);
  const seen = new Map<string, number>();
  const duplicateIndex = (fingerprint: string) => {
    const n = seen.get(fingerprint) ?? 0;
    seen.set(fingerprint, n + 1);
    return n;
  };
  let batch: { line: number; entry: LedgerEntry }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const lines = new Map(batch.map((b) => [b.entry.id, b.line]));
    const written = await deps.store.append(batch.map((b) => b.entry));
    result.imported += written.inserted.length;
    const crawlRepeats = written.conflicts.filter((c) => isChargedOncePerSite(c.id));
    const conflicts = written.conflicts.filter((c) => !isChargedOncePerSite(c.id));
    result.duplicates += written.duplicates.length + crawlRepeats.length;
    result.conflicts += conflicts.length;
    for (const c of conflicts) {
      fail(
        lines.get(c.id) ?? 0,
        `event ${c.id} is already in the ledger with different details; it was not changed`,
      );
    }
    batch = [];
  };

  job.progress({ unit: 'bytes', total: file.size, done: 0 });
  for await (const item of readRecords(file.path, chosen, (done) => job.progress({ done }))) {
    job.checkpoint();
    result.rows++;
    if (!item.record) {
      fail(item.line, item.error ?? 'unreadable row');
      continue;
    }
    try {
      const row = parseUsageRecord(item.record, columns, duplicateIndex);
      const entry = usageEntryFor({ ...row, source: 'import' }, settings, card, {
        machineId: deps.machineId,
        recordedAt: deps.now(),
      });
      batch.push({ line: item.line, entry });
    } catch (error) {
      fail(item.line, (error as Error).message);
    }
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  job.progress({ done: file.size });
  return { ...result, ignoredColumns: [...columns.ignored] };
}
