/**
 * The wire shapes of the replication endpoint. They are exactly what RxDB's replication handlers
 * consume, so a plain RxDB client needs only thin pull/push/stream handlers around fetch.
 */

/**
 * Server-assigned position in a team's commit order; `seq` of the last document delivered, under the
 * store's `epoch` (absent from endpoints older than epochs). A client sends both back on its next pull.
 */
export interface Checkpoint {
  seq: number;
  epoch?: string;
}

/** A document as it travels: the collection's fields plus RxDB's deletion flag. */
export type WireDoc = Record<string, unknown> & { id: string; _deleted: boolean };

export interface PullResponse {
  documents: WireDoc[];
  /** Null only when the team has no documents in the collection and no checkpoint was given. */
  checkpoint: Checkpoint | null;
}

export interface PushRow {
  assumedMasterState?: WireDoc;
  newDocumentState: WireDoc;
}

/** The body of POST /push is RxDB's array of rows; the answer is the array of conflicting master states. */
export type PushRequest = PushRow[];
export type PushResponse = WireDoc[];

/** Opts a push into per-document refusals: `POST /push?refusals=per-document`. */
export const PER_DOCUMENT_REFUSALS = 'per-document';

/**
 * The answer to a push with per-document refusals: the conflicting master states as before, and the
 * rows refused. Refused rows are not stored; every other row is handled as if pushed alone.
 */
export interface PerDocumentPushResponse {
  conflicts: WireDoc[];
  refused: PushRefusal[];
}

/** The `code` of the 409 a pull gets when its checkpoint belongs to a history the store no longer has. */
export const EPOCH_CHANGED = 'epoch_changed';

/** One server-sent event of GET /stream (the SSE `data:` field, JSON-encoded). */
export type StreamEvent = { documents: WireDoc[]; checkpoint: Checkpoint } | 'RESYNC';

/** Sent as `event: error` before the server closes a stream it will no longer serve (e.g. token revoked). */
export interface StreamErrorEvent {
  statusCode: number;
  error: string;
  message: string;
}

/** The JSON body of every 4xx/5xx answer. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** Machine-readable reason where a client must act on it (EPOCH_CHANGED). */
  code?: string;
  /** With EPOCH_CHANGED: the store's current epoch. */
  epoch?: string;
  /** On a refused push (422, or 409 when every refusal may pass later): each refused row. */
  refused?: PushRefusal[];
}

/** One pushed row the endpoint would not store. */
export interface PushRefusal {
  /** Position of the row in the pushed array. */
  index: number;
  /** The row's document id, when it had one. */
  id: string | null;
  /** 400: not a valid document; 422: it breaks a rule and never will pass as it is; 409: it may pass later (retry). */
  statusCode: number;
  message: string;
}

/** Keys RxDB keeps per machine; they never travel and never take part in comparisons. */
export const LOCAL_META_KEYS = ['_meta', '_rev', '_attachments'] as const;

export const API_PREFIX = '/v1';
export const collectionPath = (name: string, route: 'pull' | 'push' | 'stream') =>
  `${API_PREFIX}/collections/${encodeURIComponent(name)}/${route}`;
