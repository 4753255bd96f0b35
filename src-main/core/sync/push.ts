import type { RxCollection } from 'rxdb';
import type { SyncedCollectionName } from '../../../src-shared/db/collections';
import { differentFact } from './conflict-handlers';
import {
  PER_DOCUMENT_REFUSALS,
  type PerDocumentPushResponse,
  type PushRefusal,
  type PushResponse,
  type PushRow,
  type WireDoc,
} from '../../../src-shared/sync/protocol';
import { requestJson, SyncHttpError, type FetchLike, type TokenProvider } from './http';
import { syncSteps } from './sync-words';

/** A document the endpoint would not store. It stays in this machine's database; the user decides. */
export interface RefusedDocument {
  collection: SyncedCollectionName;
  id: string;
  /** The document as it was pushed (without RxDB's local meta). */
  document: WireDoc;
  statusCode: number;
  /** The endpoint's reason, in its words. */
  message: string;
  at: number;
}

export interface PushOutcome {
  conflicts: WireDoc[];
  refused: PushRefusal[];
}

/**
 * Pushes rows asking for per-document refusals, so one document the endpoint refuses does not refuse
 * (and hold back) the rest. An endpoint older than that answers 400 to the query parameter; the push
 * then goes the old way, where one bad row refuses the batch.
 */
export class Pusher {
  private perDocument = true;

  constructor(
    private readonly fetchFn: FetchLike,
    private readonly getToken: TokenProvider,
  ) {}

  async push(url: string, rows: PushRow[], what: string): Promise<PushOutcome> {
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(rows),
    };
    if (this.perDocument) {
      try {
        const body = await requestJson<PerDocumentPushResponse | PushResponse>(
          this.fetchFn,
          `${url}?refusals=${PER_DOCUMENT_REFUSALS}`,
          init,
          this.getToken,
          what,
        );
        if (Array.isArray(body)) return { conflicts: body, refused: [] };
        if (!Array.isArray(body.conflicts) || !Array.isArray(body.refused))
          throw new SyncHttpError(`${what}: the endpoint answered without conflicts and refusals`, 502);
        return body;
      } catch (error) {
        if (!(error instanceof SyncHttpError && /unknown query parameter "refusals"/.test(error.message)))
          throw error;
        this.perDocument = false;
      }
    }
    const conflicts = await requestJson<PushResponse>(this.fetchFn, url, init, this.getToken, what);
    return { conflicts, refused: [] };
  }
}

/** RxDB's per-machine fields; the endpoint never sees them. */
export function toWire(doc: Record<string, unknown>): WireDoc {
  const { _meta: _m, _rev: _r, _attachments: _a, ...fields } = doc;
  return { ...fields, _deleted: doc._deleted === true } as WireDoc;
}

export interface RetryOutcome {
  collection: SyncedCollectionName;
  id: string;
  /** stored: the endpoint has it now; conflict: it holds another version; missing: not on this machine. */
  result: 'stored' | 'refused' | 'conflict' | 'missing';
  statusCode?: number;
  message?: string;
}

/**
 * Pushes documents again outside RxDB (which took them as pushed when they were refused), in their
 * current local state and without an assumed master, and says what became of each.
 */
export async function pushAgain(
  pusher: Pusher,
  collections: [SyncedCollectionName, RxCollection][],
  pushUrl: (name: SyncedCollectionName) => string,
  items: { collection: SyncedCollectionName; id: string }[],
): Promise<RetryOutcome[]> {
  const outcomes: RetryOutcome[] = [];
  for (const [name, collection] of collections) {
    const ids = items.filter((i) => i.collection === name).map((i) => i.id);
    if (ids.length === 0) continue;
    const found = await collection.findByIds(ids).exec();
    const docs: WireDoc[] = [];
    for (const id of ids) {
      const doc = found.get(id);
      if (doc) docs.push(toWire(doc.toJSON(true) as Record<string, unknown>));
      else outcomes.push({ collection: name, id, result: 'missing' });
    }
    for (let i = 0; i < docs.length; i += 200) {
      const chunk = docs.slice(i, i + 200);
      const rows = chunk.map((newDocumentState) => ({ newDocumentState }));
      const outcome = await pusher.push(pushUrl(name), rows, `${syncSteps(name).sending} again`);
      const refusedAt = new Map(outcome.refused.map((r) => [r.index, r]));
      // The endpoint answers a stored ledger entry with its stamped copy too: the same fact is stored.
      const sent = new Map(chunk.map((doc) => [doc.id, doc]));
      const conflicting = new Set(
        outcome.conflicts
          .filter((c) => {
            const pushed = sent.get(c.id);
            return name !== 'ledger' || pushed === undefined || differentFact(name, pushed, c);
          })
          .map((c) => c.id),
      );
      chunk.forEach((doc, index) => {
        const refusal = refusedAt.get(index);
        outcomes.push(
          refusal
            ? {
                collection: name,
                id: doc.id,
                result: 'refused',
                statusCode: refusal.statusCode,
                message: refusal.message,
              }
            : { collection: name, id: doc.id, result: conflicting.has(doc.id) ? 'conflict' : 'stored' },
        );
      });
    }
  }
  return outcomes;
}
