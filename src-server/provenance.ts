import { fromLedgerDoc, toLedgerDoc } from '../src-shared/db/ledger-doc';
import type { LedgerEntry } from '../src-shared/ledger/entry';
import type { PushRow, WireDoc } from '../src-shared/sync/protocol';
import type { PreparedRow, TeamDatabase, TokenRecord } from './store/types';
import { canonicalWire } from './validate';

/** The endpoint's provenance of an entry: the token that stored it. Never taken from the client. */
export function stampEntry<T extends LedgerEntry>(entry: T, auth: TokenRecord): T {
  return { ...entry, tokenId: auth.id, tokenLabel: auth.label };
}

/**
 * Pushed ledger rows with the client's `tokenId`/`tokenLabel` replaced by the caller's token, and
 * the entries that are new to the team (only those need the entry rules: a stored id can only be
 * a no-op or a conflict, immutable facts are never overwritten).
 */
export async function stampLedgerRows(
  store: TeamDatabase,
  auth: TokenRecord,
  rows: PreparedRow[],
): Promise<{ rows: PreparedRow[]; newEntries: LedgerEntry[] }> {
  const existing = await store.find(
    auth.teamId,
    'ledger',
    rows.map((r) => r.id),
  );
  const newEntries: LedgerEntry[] = [];
  const stamped = rows.map((prepared): PreparedRow => {
    const doc = prepared.row.newDocumentState;
    if (doc._deleted) return prepared;
    const entry = stampEntry(fromLedgerDoc(doc), auth);
    if (!existing.has(prepared.id)) newEntries.push(entry);
    const newDocumentState = { ...toLedgerDoc(entry), _deleted: false } as WireDoc;
    const row: PushRow = { ...prepared.row, newDocumentState };
    return { id: prepared.id, body: canonicalWire(newDocumentState), row };
  });
  return { rows: stamped, newEntries };
}
