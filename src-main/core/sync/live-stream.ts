import { Subject, type Observable } from 'rxjs';
import type { RxReplicationPullStreamItem } from 'rxdb';
import type { Checkpoint, StreamErrorEvent, WireDoc } from '../../../src-shared/sync/protocol';
import type { Backoff } from './backoff';
import { sleep } from './backoff';
import {
  authHeaders,
  errorFromResponse,
  networkError,
  SyncHttpError,
  type FetchLike,
  type TokenProvider,
} from './http';
import { readSse } from './sse';

export type StreamItem = RxReplicationPullStreamItem<WireDoc, Checkpoint>;

export interface LiveStreamOptions {
  url: string;
  /** The step in the user's words, leading every error this stream reports. */
  what: string;
  fetch: FetchLike;
  getToken: TokenProvider;
  backoff: Backoff;
  /** No byte (heartbeats included) for this long means the connection is dead: reconnect. */
  idleTimeoutMs: number;
  /** Highest checkpoint this collection has already delivered, via pull or stream. */
  delivered: () => number;
  onDelivered: (seq: number) => void;
  /** False for an event of another epoch than the last pull's: RxDB must pull (and start over) instead. */
  sameEpoch?: (epoch: string | undefined) => boolean;
  onConnected: (connected: boolean) => void;
  onError: (error: SyncHttpError) => void;
  /** The first connection waits for this (or stop). */
  startAfter?: Promise<unknown>;
}

/**
 * The live change stream of one collection: reconnects with backoff for as long as sync runs.
 * Every (re)connection starts with the server's RESYNC, which makes RxDB pull from its checkpoint,
 * so whatever happened while disconnected is fetched by pull and nothing relies on the stream alone.
 */
export function startLiveStream(options: LiveStreamOptions): {
  events$: Observable<StreamItem>;
  stop(): void;
} {
  const events = new Subject<StreamItem>();
  const stopper = new AbortController();

  const connectOnce = async () => {
    const connection = new AbortController();
    const abort = () => connection.abort();
    stopper.signal.addEventListener('abort', abort, { once: true });
    let idle: ReturnType<typeof setTimeout> | undefined;
    const activity = () => {
      clearTimeout(idle);
      idle = setTimeout(abort, options.idleTimeoutMs);
    };
    try {
      let response: Response;
      try {
        response = await options.fetch(options.url, {
          headers: { ...(await authHeaders(options.getToken)), accept: 'text/event-stream' },
          signal: connection.signal,
        });
      } catch (error) {
        throw networkError(error, options.what);
      }
      if (!response.ok || !response.body) throw await errorFromResponse(response, options.what);
      activity();
      options.onConnected(true);
      for await (const sse of readSse(response.body, activity)) {
        if (sse.event === 'error') {
          const body = JSON.parse(sse.data) as StreamErrorEvent;
          throw new SyncHttpError(
            `${options.what}: closed by the endpoint: ${body.message}`,
            body.statusCode,
          );
        }
        if (sse.event !== 'message') continue;
        const item = JSON.parse(sse.data) as StreamItem;
        if (item === 'RESYNC') {
          options.backoff.reset();
          events.next(item);
          continue;
        }
        // A replayed or stale event would hand RxDB an older master state; drop it, pull covers the rest.
        if (!item || !Array.isArray(item.documents) || typeof item.checkpoint?.seq !== 'number') {
          throw new SyncHttpError(
            `${options.what}: the endpoint sent an update this version cannot read (run the same Creditdesk version here and on the endpoint)`,
            502,
          );
        }
        if (options.sameEpoch && !options.sameEpoch(item.checkpoint.epoch)) {
          events.next('RESYNC');
          continue;
        }
        if (item.checkpoint.seq <= options.delivered()) continue;
        options.onDelivered(item.checkpoint.seq);
        events.next(item);
      }
    } catch (error) {
      if (!stopper.signal.aborted) {
        options.onError(
          connection.signal.aborted
            ? new SyncHttpError(`${options.what}: the connection went quiet; reconnecting`, 0)
            : error instanceof SyncHttpError
              ? error
              : networkError(error, options.what),
        );
      }
    } finally {
      clearTimeout(idle);
      stopper.signal.removeEventListener('abort', abort);
      connection.abort();
      options.onConnected(false);
    }
  };

  void (async () => {
    if (options.startAfter) {
      const stopped = new Promise((resolve) =>
        stopper.signal.addEventListener('abort', resolve, { once: true }),
      );
      await Promise.race([options.startAfter, stopped]);
    }
    while (!stopper.signal.aborted) {
      await connectOnce();
      if (stopper.signal.aborted) break;
      await sleep(options.backoff.next(), stopper.signal);
    }
    events.complete();
  })();

  return { events$: events.asObservable(), stop: () => stopper.abort() };
}
