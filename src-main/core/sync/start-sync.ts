import { Subject, filter, firstValueFrom, type Observable } from 'rxjs';
import type { RxCollection } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { syncSteps } from './sync-words';
import { SYNCED_COLLECTIONS, type SyncedCollectionName } from '../../../src-shared/db/collections';
import type { Checkpoint, PullResponse, PushResponse, WireDoc } from '../../../src-server';
import { Backoff } from './backoff';
import { conflictHandlerFor, type ReportedConflict } from './conflict-handlers';
import { networkError, requestJson, SyncHttpError, type FetchLike, type TokenProvider } from './http';
import { startLiveStream } from './live-stream';
import { trackPending } from './pending';
import { StatusTracker, type SyncStatus } from './status';

export interface StartSyncOptions {
  /** The database's synced collections (any subset of SYNCED_COLLECTIONS), by name. */
  collections: Partial<Record<SyncedCollectionName, RxCollection>>;
  /** Base URL of the team endpoint, e.g. https://sync.example.com or http://127.0.0.1:8787 */
  endpoint: string;
  /** Asked before every request, so a token changed in settings applies without restarting sync. */
  getToken: TokenProvider;
  fetch?: FetchLike;
  /** Keeps checkpoints apart per endpoint; defaults to one derived from the endpoint URL. */
  replicationIdentifier?: string;
  /** false: sync once until in step, then stop (used by tests and one-off imports). */
  live?: boolean;
  pullBatchSize?: number;
  pushBatchSize?: number;
  /** No stream bytes for this long (the server pings every 15 s) means reconnect. */
  streamIdleTimeoutMs?: number;
  backoff?: { initialMs?: number; maxMs?: number };
  /** Longest the live stream waits for the first pull to catch up before it opens anyway. */
  streamDelayMaxMs?: number;
}

export interface SyncHandle {
  status$: Observable<SyncStatus>;
  readonly status: SyncStatus;
  /** Immutable entries whose local version lost to a different one on the team's endpoint. */
  conflicts$: Observable<ReportedConflict>;
  /** Pulls everything since each collection's checkpoint now (e.g. after the user clicks "Sync now"). */
  resync(): void;
  /** Resolves when every collection has pushed and pulled all it knows of. */
  awaitInSync(): Promise<void>;
  stop(): Promise<void>;
  replications: Partial<
    Record<SyncedCollectionName, RxReplicationState<Record<string, unknown>, Checkpoint>>
  >;
}

/**
 * Replicates the team's synced collections with the endpoint through RxDB's replication protocol:
 * pull by checkpoint, push with conflict detection, and a live SSE stream, each over fetch.
 */
export function startSync(options: StartSyncOptions): SyncHandle {
  const base = options.endpoint.replace(/\/+$/, '');
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const status = new StatusTracker();
  const conflicts = new Subject<ReportedConflict>();
  const live = options.live ?? true;
  const replications: SyncHandle['replications'] = {};
  const stops: (() => void)[] = [];

  for (const [name, collection] of Object.entries(options.collections) as [
    SyncedCollectionName,
    RxCollection,
  ][]) {
    if (!Object.hasOwn(SYNCED_COLLECTIONS, name)) {
      throw new Error(
        `"${name}" is not a synced collection; synced: ${Object.keys(SYNCED_COLLECTIONS).join(', ')}`,
      );
    }
    // Installed here, not only at collection creation, so any database handed in resolves conflicts by our rules.
    (collection as { conflictHandler: unknown }).conflictHandler = conflictHandlerFor(name, (conflict) => {
      status.conflict();
      conflicts.next(conflict);
    });

    const steps = syncSteps(name);
    const url = (route: string) => `${base}/v1/collections/${encodeURIComponent(name)}/${route}`;
    const backoff = new Backoff(options.backoff?.initialMs, options.backoff?.maxMs);
    const initialRetryMs = options.backoff?.initialMs ?? 500;
    // Highest checkpoint handed to RxDB; stream events at or below it are replays and are dropped.
    let delivered = 0;

    const call = async <T>(fn: () => Promise<T>, what: string): Promise<T> => {
      try {
        const result = await fn();
        backoff.reset();
        state.retryTime = initialRetryMs;
        status.succeeded();
        return result;
      } catch (error) {
        const failure = error instanceof SyncHttpError ? error : networkError(error, what);
        status.failed(failure);
        // RxDB retries a failed handler after retryTime; growing it is our backoff.
        state.retryTime = backoff.next();
        throw failure;
      }
    };

    // The stream opens once the first pull has caught up (or after a while regardless): its RESYNC
    // would otherwise restart RxDB's scans in the middle of a large initial sync. Nothing is missed,
    // because that RESYNC still pulls everything after the initial sync's checkpoint.
    let openStream: () => void = () => {};
    const streamGate = new Promise<void>((resolve) => (openStream = resolve));
    const gateTimer = setTimeout(() => openStream(), options.streamDelayMaxMs ?? 10_000);
    stops.push(() => clearTimeout(gateTimer));
    const stream = live
      ? startLiveStream({
          startAfter: streamGate,
          url: url('stream'),
          what: steps.live,
          fetch: fetchFn,
          getToken: options.getToken,
          backoff: new Backoff(options.backoff?.initialMs, options.backoff?.maxMs),
          idleTimeoutMs: options.streamIdleTimeoutMs ?? 45_000,
          delivered: () => delivered,
          onDelivered: (seq) => {
            delivered = Math.max(delivered, seq);
            status.succeeded();
          },
          onConnected: (connected) => status.setStream(name, connected),
          onError: (error) => status.failed(error),
        })
      : null;
    if (stream) stops.push(stream.stop);

    const state = replicateRxCollection<Record<string, unknown>, Checkpoint>({
      replicationIdentifier: options.replicationIdentifier ?? `creditdesk-sync:${base}`,
      collection: collection as RxCollection<Record<string, unknown>>,
      live,
      retryTime: initialRetryMs,
      waitForLeadership: false,
      autoStart: true,
      pull: {
        batchSize: options.pullBatchSize ?? 2000,
        handler: (checkpoint, batchSize) =>
          call(async () => {
            const query = new URLSearchParams({ limit: String(batchSize) });
            if (checkpoint) query.set('checkpoint', String(checkpoint.seq));
            const body = await requestJson<PullResponse>(
              fetchFn,
              `${url('pull')}?${query}`,
              {},
              options.getToken,
              steps.fetching,
            );
            if (!Array.isArray(body.documents))
              throw new SyncHttpError(`${steps.fetching}: the endpoint answered without documents`, 502);
            if (body.checkpoint) delivered = Math.max(delivered, body.checkpoint.seq);
            return { documents: body.documents, checkpoint: body.checkpoint ?? checkpoint };
          }, steps.fetching),
        stream$: stream?.events$ as Observable<never> | undefined,
      },
      push: {
        batchSize: options.pushBatchSize ?? 200,
        handler: (rows) =>
          call(
            () =>
              requestJson<PushResponse>(
                fetchFn,
                url('push'),
                {
                  method: 'POST',
                  headers: { 'content-type': 'application/json' },
                  body: JSON.stringify(rows),
                },
                options.getToken,
                steps.sending,
              ) as Promise<WireDoc[]>,
            steps.sending,
          ),
      },
    });
    replications[name] = state;
    void state.startPromise
      .then(() => firstValueFrom(state.internalReplicationState!.firstSyncDone.down.pipe(filter(Boolean))))
      .then(
        () => openStream(),
        () => openStream(),
      );
    stops.push(trackPending(collection, state as never, (count) => status.setPending(name, count)));
    state.error$.subscribe((error) => {
      const { code, parameters } = error as { code?: string; parameters?: { writeError?: unknown } };
      // Handler failures are already in the status, in the endpoint's own words.
      if ((code === 'RC_PULL' || code === 'RC_PUSH') && !parameters?.writeError) return;
      status.failed(new SyncHttpError(`${steps.local} failed: ${error.message}`, -1));
    });
  }

  const states = () => Object.values(replications);
  return {
    status$: status.status$,
    get status() {
      return status.current;
    },
    conflicts$: conflicts.asObservable(),
    replications,
    resync: () => {
      for (const s of states()) s.reSync();
    },
    awaitInSync: async () => {
      await Promise.all(states().map((s) => s.awaitInSync()));
    },
    stop: async () => {
      for (const stop of stops) stop();
      await Promise.all(states().map((s) => s.cancel()));
      status.stopped();
      conflicts.complete();
    },
  };
}
