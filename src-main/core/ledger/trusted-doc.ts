import type { LedgerEntry } from '../../../src-shared/ledger/entry';

const SKIP = new Set(['_rev', '_meta', '_deleted', '_attachments']);

/**
 * A stored ledger document back to an entry without re-validating it. Only for the bulk load at
 * start-up: every document was schema-checked when written (ajv in RxDB, zod at our edges), and a
 * full zod parse of a million entries would cost seconds of start-up for no new safety.
 */
export function trustedEntry(doc: Record<string, unknown>): LedgerEntry {
  const out: Record<string, unknown> = {};
  for (const key in doc) {
    if (SKIP.has(key)) continue;
    const value = doc[key];
    if (value === '' && (key === 'bucket' || key === 'actionKind')) continue;
    out[key] = value;
  }
  if (out.kind !== 'usage') delete out.actionKind;
  if (out.kind !== 'grant') delete out.bucket;
  return out as unknown as LedgerEntry;
}
