import {
  classifySnapshotLine,
  snapshotPath,
  type SnapshotCheckpoint,
  type SnapshotCount,
  type SnapshotLine,
} from '../../../src-shared/sync/bootstrap';
import {
  authHeaders,
  errorFromResponse,
  networkError,
  requestJson,
  type FetchLike,
  type TokenProvider,
} from './http';

export interface SnapshotRequest {
  base: string;
  collection: string;
  from: SnapshotCheckpoint | null;
  fetch: FetchLike;
  getToken: TokenProvider;
  /** The step in the user's words, leading every error. */
  what: string;
  signal?: AbortSignal;
  /** Documents between progress lines (the endpoint's default when absent). */
  page?: number;
}

function snapshotUrl(request: SnapshotRequest, count: boolean): string {
  const query = new URLSearchParams();
  if (request.from) query.set('checkpoint', String(request.from.seq));
  if (request.from?.epoch) query.set('epoch', request.from.epoch);
  if (count) query.set('count', '1');
  else if (request.page) query.set('page', String(request.page));
  const text = query.toString();
  return `${request.base}${snapshotPath(request.collection)}${text ? `?${text}` : ''}`;
}

/** How many documents lie between the checkpoint and the team's head (one small request). */
export function countSnapshot(request: SnapshotRequest): Promise<SnapshotCount> {
  return requestJson<SnapshotCount>(
    request.fetch,
    snapshotUrl(request, true),
    { signal: request.signal },
    request.getToken,
    request.what,
  );
}

/**
 * Reads the NDJSON snapshot line by line, handing on each parsed line with its text. `onLine` may
 * return a promise (a batch being written): the next chunk is only read once it settles, so a slow
 * disk holds the endpoint back instead of memory filling up. A stream that ends without its end line
 * is reported as cut.
 */
export async function readSnapshot(
  request: SnapshotRequest,
  onLine: (line: SnapshotLine, text: string) => void | Promise<void>,
): Promise<void> {
  const headers = await authHeaders(request.getToken);
  let response: Response;
  try {
    response = await request.fetch(snapshotUrl(request, false), { headers, signal: request.signal });
  } catch (error) {
    throw networkError(error, request.what);
  }
  if (!response.ok) throw await errorFromResponse(response, request.what);
  if (!response.body) throw networkError(new Error('the answer has no body'), request.what);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let rest = '';
  let ended = false;
  const handle = (text: string): void | Promise<void> => {
    if (text.length === 0) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw networkError(new Error('the snapshot holds a line that is not JSON'), request.what);
    }
    const line = classifySnapshotLine(value);
    if (line.kind === 'end') ended = true;
    return onLine(line, text);
  };
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw networkError(error, request.what);
      }
      if (chunk.done) break;
      const text = rest + decoder.decode(chunk.value, { stream: true });
      let start = 0;
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        const pending = handle(text.slice(start, end));
        // Only batch writes are asynchronous; plain lines stay on the synchronous path.
        if (pending) await pending;
        start = end + 1;
      }
      rest = text.slice(start);
    }
    const last = handle(rest + decoder.decode());
    if (last) await last;
  } finally {
    await reader.cancel().catch(() => {});
  }
  if (!ended) throw networkError(new Error('the snapshot stream was cut before its end'), request.what);
}
