/**
 * The wire shapes of the snapshot route (`GET /v1/collections/:name/snapshot`, docs/protocol.md): a new
 * or far-behind machine reads a collection up to a checkpoint in one NDJSON stream instead of pulling
 * it page by page through the replication protocol.
 *
 * The body is one JSON value per line: first a `SnapshotHeader`, then the documents in commit order
 * (each exactly as a pull would deliver it), with a `SnapshotProgress` line after every page, and a
 * `SnapshotEnd` line last. A stream without its end line was cut: what was written up to the last
 * progress line is complete and in order, nothing after it is.
 */

/** Same shape as a pull's checkpoint: `seq` in the team's commit order, under the store's `epoch`. */
export interface SnapshotCheckpoint {
  seq: number;
  epoch?: string;
}

/** First line: where the snapshot starts and ends, and how many documents lie between. */
export interface SnapshotHeader {
  snapshot: {
    collection: string;
    /** The checkpoint the client sent (null: from the start). */
    from: SnapshotCheckpoint | null;
    /** The snapshot ends here: the team's head when the snapshot began. */
    checkpoint: SnapshotCheckpoint;
    /** Documents with a seq in (from, checkpoint]. */
    documents: number;
  };
}

/** After every page: every document up to this checkpoint has been sent. */
export interface SnapshotProgress {
  checkpoint: SnapshotCheckpoint;
  /** Documents sent so far in this snapshot. */
  sent: number;
}

/** Last line: the snapshot is complete. */
export interface SnapshotEnd {
  end: { checkpoint: SnapshotCheckpoint; documents: number };
}

/** The answer to `GET …/snapshot?count=1`: how far behind a checkpoint is, without the documents. */
export interface SnapshotCount {
  collection: string;
  from: SnapshotCheckpoint | null;
  checkpoint: SnapshotCheckpoint;
  documents: number;
}

export const SNAPSHOT_CONTENT_TYPE = 'application/x-ndjson';

/** Documents per progress line (and per store read on the endpoint). */
export const SNAPSHOT_PAGE = 5000;

export const snapshotPath = (name: string) => `/v1/collections/${encodeURIComponent(name)}/snapshot`;

/** A parsed line of the stream: documents carry a string id; the control lines never do. */
export type SnapshotLine =
  | { kind: 'document'; doc: Record<string, unknown> & { id: string } }
  | { kind: 'header'; header: SnapshotHeader['snapshot'] }
  | { kind: 'progress'; progress: SnapshotProgress }
  | { kind: 'end'; end: SnapshotEnd['end'] };

export function classifySnapshotLine(value: unknown): SnapshotLine {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error('snapshot line is not a JSON object');
  const record = value as Record<string, unknown>;
  if (typeof record.id === 'string') return { kind: 'document', doc: record as { id: string } };
  if (record.snapshot && typeof record.snapshot === 'object')
    return { kind: 'header', header: record.snapshot as SnapshotHeader['snapshot'] };
  if (record.end && typeof record.end === 'object')
    return { kind: 'end', end: record.end as SnapshotEnd['end'] };
  if (record.checkpoint && typeof record.checkpoint === 'object')
    return { kind: 'progress', progress: record as unknown as SnapshotProgress };
  throw new Error(`snapshot line is neither a document nor a control line: ${JSON.stringify(value)}`);
}
