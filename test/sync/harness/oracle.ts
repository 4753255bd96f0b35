import { computeBalance } from '../../../src-shared/ledger';
import { canonicalJson, fromLedgerDoc } from '../../../src-shared/db/ledger-doc';
import { SYNCED_COLLECTION_NAMES, type SyncedCollectionName } from '../../../src-shared/db/collections';

export type Dump = Record<SyncedCollectionName, Record<string, unknown>[]>;

const byId = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0;

/** Everything the endpoint holds for the token's team, read over plain HTTP like any client. */
export async function serverDump(
  baseUrl: string,
  token: string,
): Promise<{ dump: Dump; duplicates: string[] }> {
  const dump = {} as Dump;
  const duplicates: string[] = [];
  for (const name of SYNCED_COLLECTION_NAMES) {
    const seen = new Set<string>();
    const docs: Record<string, unknown>[] = [];
    let checkpoint: number | null = null;
    for (;;) {
      const query = checkpoint === null ? 'limit=5000' : `limit=5000&checkpoint=${checkpoint}`;
      const response = await fetch(`${baseUrl}/v1/collections/${name}/pull?${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!response.ok)
        throw new Error(`oracle pull ${name}: HTTP ${response.status} ${await response.text()}`);
      const body = (await response.json()) as {
        documents: Record<string, unknown>[];
        checkpoint: { seq: number } | null;
      };
      for (const { _deleted: _, ...doc } of body.documents) {
        if (seen.has(String(doc.id))) duplicates.push(`${name}/${String(doc.id)}`);
        seen.add(String(doc.id));
        docs.push(doc);
      }
      if (body.documents.length < 5000) break;
      checkpoint = body.checkpoint!.seq;
    }
    dump[name] = docs.sort(byId);
  }
  return { dump, duplicates };
}

/** The first difference between two dumps, in words; null when they are equal. */
export function diffDumps(expected: Dump, actual: Dump): string | null {
  for (const name of SYNCED_COLLECTION_NAMES) {
    const a = new Map(expected[name].map((d) => [String(d.id), canonicalJson(d)]));
    const b = new Map(actual[name].map((d) => [String(d.id), canonicalJson(d)]));
    for (const [id, body] of a) {
      if (!b.has(id)) return `${name}/${id} missing`;
      if (b.get(id) !== body) return `${name}/${id} differs: server ${body} vs client ${b.get(id)}`;
    }
    for (const id of b.keys()) if (!a.has(id)) return `${name}/${id} only on the client`;
  }
  return null;
}

export function balanceOf(ledger: Record<string, unknown>[], at: number): number {
  return computeBalance(
    ledger.map((d) => fromLedgerDoc(d)),
    at,
  ).total;
}
