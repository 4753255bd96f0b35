import type { SyncedCollectionName } from '../../../src-shared/db/collections';
import {
  PER_DOCUMENT_REFUSALS,
  type PerDocumentPushResponse,
  type PushRefusal,
  type PushResponse,
  type PushRow,
  type WireDoc,
} from '../../../src-server';
import { requestJson, SyncHttpError, type FetchLike, type TokenProvider } from './http';

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
