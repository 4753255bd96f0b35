import { ledgerEntrySchema, PROVENANCE_FIELDS, type LedgerEntry } from '../ledger/entry';
import type { LedgerDoc } from './collections';

const RX_META = ['_rev', '_meta', '_deleted', '_attachments'] as const;

/** A ledger entry as an RxDB document: indexed fields that a kind lacks are stored as ''. */
export function toLedgerDoc(entry: LedgerEntry): LedgerDoc {
  return {
    ...entry,
    bucket: ('bucket' in entry ? entry.bucket : undefined) ?? '',
    actionKind: 'actionKind' in entry ? entry.actionKind : '',
  } as LedgerDoc;
}

/** Back from a stored document (RxDB meta stripped) to a validated entry; throws on a bad document. */
export function fromLedgerDoc(doc: Record<string, unknown>): LedgerEntry {
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if ((RX_META as readonly string[]).includes(key)) continue;
    if ((key === 'bucket' || key === 'actionKind') && value === '') continue;
    plain[key] = value;
  }
  if (plain.kind !== 'usage') delete plain.actionKind;
  if (plain.kind !== 'grant' && plain.kind !== 'adjustment') delete plain.bucket;
  return ledgerEntrySchema.parse(plain);
}

/**
 * The canonical text of an entry's fact, without provenance (who recorded it, when). Two documents
 * under one id with different payloads are a conflict; the same payload is the same fact.
 */
export function ledgerPayloadKey(entry: LedgerEntry | LedgerDoc): string {
  const copy: Record<string, unknown> = { ...entry };
  for (const field of [...PROVENANCE_FIELDS, ...RX_META]) delete copy[field];
  return canonicalJson(copy);
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value as object)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}
