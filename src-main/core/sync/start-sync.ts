import { randomUUID } from 'node:crypto';
import { Subject, filter, firstValueFrom, type Observable } from 'rxjs';
import type { RxCollection } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { syncSteps } from './sync-words';
import { SYNCED_COLLECTIONS, type SyncedCollectionName } from '../../../src-shared/db/collections';
import { EPOCH_CHANGED, type Checkpoint, type PullResponse } from '../../../src-server';
import { Backoff } from './backoff';
import { conflictHandlerFor, type ReportedConflict } from './conflict-handlers';
import { networkError, requestJson, SyncHttpError, type FetchLike, type TokenProvider } from './http';
import { Pusher, pushAgain, toWire, type RefusedDocument, type RetryOutcome } from './push';
import { startLiveStream } from './live-stream';
import { bootstrapCollection, DEFAULT_BOOTSTRAP_THRESHOLD } from './bootstrap';
import { sleep } from './backoff';
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
  /**
   * Told the new identifier when the endpoint's store turned out to be another history (restored or
   * recreated) and sync started over under it; keep it and pass it back as replicationIdentifier.
   */
  onReplicationIdentifier?: (identifier: string) => void;
  /** false: sync once until in step, then stop (used by tests and one-off imports). */
  live?: boolean;
  pullBatchSize?: number;
  pushBatchSize?: number;
  /** No stream bytes for this long (the server pings every 15 s) means reconnect. */
  streamIdleTimeoutMs?: number;
  backoff?: { initialMs?: number; maxMs?: number };
  /** Longest the live stream waits for the first pull to catch up before it opens anyway. */
  streamDelayMaxMs?: number;
  /**
   * A collection at least this many documents behind the team is first bootstrapped from the
   * endpoint's snapshot (bootstrap.ts); Infinity turns bootstrapping off.
   */
  bootstrapThreshold?: number;
  /** Documents per write transaction while bootstrapping. */
  bootstrapBatchSize?: number;
}

export interface SyncHandle {
  status$: Observable<SyncStatus>;
  readonly status: SyncStatus;
  /** Immutable entries whose local version lost to a different one on the team's endpoint. */
  conflicts$: Observable<ReportedConflict>;
  /** Documents the endpoint refused; they stay local and later changes keep flowing. */
  refused$: Observable<RefusedDocument>;
  /** Documents a push delivered without refusal (stored, already there, or answered with a conflict). */
  accepted$: Observable<{ collection: SyncedCollectionName; id: string }>;
  /** The endpoint's store changed history: sync started over (full pull, every local document pushed). */
  epochChanged$: Observable<string>;
  /** Pushes refused documents again (their current local state); answers what became of each. */
  retryRefused(items: { collection: SyncedCollectionName; id: string }[]): Promise<RetryOutcome[]>;
  /** Pulls everything since each collection's checkpoint now (e.g. after the user clicks "Sync now"). */
  resync(): void;
  /** Resolves when every collection has pushed and pulled all it knows of. */
  awaitInSync(): Promise<void>;
  stop(): Promise<void>;
  replications: Partial<
    Record<SyncedCollectionName, RxReplicationState<Record<string, unknown>, Checkpoint>>
  >;
}

/** A failed bootstrap is tried this often before ordinary replication fetches the rest. */
const BOOTSTRAP_ATTEMPTS = 3;

interface RunningCollection {
  state: RxReplicationState<Record<string, unknown>, Checkpoint>;
  /** Stops the stream and trackers; the replication state itself is cancelled or removed by the caller. */
  stopExtras(): void;
}

/**
 * Replicates the team's synced collections with the endpoint through RxDB's replication protocol:
 * pull by checkpoint, push with conflict detection, and a live SSE stream, each over fetch.
 * A push reports refused documents one by one (they are handed to refused$ and never block the rest);
 * a pull whose checkpoint belongs to an earlier history of the endpoint's store restarts the whole
 * replication under a new identifier, so RxDB pulls from zero and pushes every local document again.
 */
export function startSync(options: StartSyncOptions): SyncHandle {
  const base = options.endpoint.replace(/\/+$/, '');
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const status = new StatusTracker();
  const conflicts = new Subject<ReportedConflict>();
  const refused = new Subject<RefusedDocument>();
  const accepted = new Subject<{ collection: SyncedCollectionName; id: string }>();
  const epochChanged = new Subject<string>();
  const live = options.live ?? true;
  const replications: SyncHandle['replications'] = {};
  const running = new Map<SyncedCollectionName, RunningCollection>();
  const pusher = new Pusher(fetchFn, options.getToken);
  let identifier = options.replicationIdentifier ?? `creditdesk-sync:${base}`;
  const baseIdentifier = identifier.replace(/#.*$/, '');
  let stopped = false;
  let resetting: Promise<void> | null = null;
  // Bumped by every start-over; answers to an earlier generation's requests are ignored.
  let generation = 0;
  // Bootstraps under way; stop() waits for them so none writes into a closing database.
  const bootstraps = new Set<Promise<void>>();
  const url = (name: string, route: string) => `${base}/v1/collections/${encodeURIComponent(name)}/${route}`;

  const collections = Object.entries(options.collections) as [SyncedCollectionName, RxCollection][];
  for (const [name, collection] of collections) {
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
  }

  /** The endpoint's store is another history now: drop every checkpoint and start over. */
  const startOver = (epoch: string, from: number) => {
    // A late answer to the replaced replication names the history sync already started over for.
    if (resetting || stopped || from !== generation) return;
    generation++;
    resetting = (async () => {
      const old = [...running.values()];
      running.clear();
      for (const r of old) r.stopExtras();
      await Promise.all([...bootstraps]);
      // remove() cancels and deletes the replication's meta (checkpoints, assumed master states).
      await Promise.all(old.map((r) => r.state.remove().catch(() => r.state.cancel())));
      if (stopped) return;
      // Never an identifier used before: RxDB treats documents it wrote under one as already replicated.
      identifier = `${baseIdentifier}#${epoch}#${randomUUID().slice(0, 8)}`;
      options.onReplicationIdentifier?.(identifier);
      epochChanged.next(epoch);
      for (const [name, collection] of collections) running.set(name, startCollection(name, collection));
    })().finally(() => (resetting = null));
  };

  /** Bootstraps the collection when it is far behind; never throws (replication carries on from wherever it got). */
  async function runBootstrap(name: SyncedCollectionName, collection: RxCollection, signal: AbortSignal) {
    const threshold = options.bootstrapThreshold ?? DEFAULT_BOOTSTRAP_THRESHOLD;
    if (!Number.isFinite(threshold)) return;
    const steps = syncSteps(name);
    const backoff = new Backoff(options.backoff?.initialMs, options.backoff?.maxMs);
    try {
      for (let attempt = 1; attempt <= BOOTSTRAP_ATTEMPTS && !signal.aborted; attempt++) {
        try {
          const result = await bootstrapCollection({
            name,
            collection,
            replicationIdentifier: identifier,
            base,
            fetch: fetchFn,
            getToken: options.getToken,
            what: steps.bootstrap,
            threshold,
            batchSize: options.bootstrapBatchSize,
            signal,
            onProgress: (done, total) => status.setBootstrap(name, { done, total }),
          });
          status.succeeded();
          if (result.bootstrapped) status.setBootstrap(name, null);
          return;
        } catch (error) {
          if (signal.aborted) return;
          const failure =
            error instanceof SyncHttpError
              ? error
              : new SyncHttpError(`${steps.local} failed: ${(error as Error).message}`, -1);
          // An endpoint without snapshots (an older version), or another history of its store (the
          // replication starts over): ordinary replication takes it from here.
          if (failure.status === 404 || failure.details.code === EPOCH_CHANGED) return;
          status.failed(failure);
          if (attempt < BOOTSTRAP_ATTEMPTS) await sleep(backoff.next(), signal);
        }
      }
    } finally {
      status.setBootstrap(name, null);
    }
  }

  function startCollection(name: SyncedCollectionName, collection: RxCollection): RunningCollection {
    const stops: (() => void)[] = [];
    const ownGeneration = generation;
    const steps = syncSteps(name);
    const backoff = new Backoff(options.backoff?.initialMs, options.backoff?.maxMs);
    const initialRetryMs = options.backoff?.initialMs ?? 500;
    // Highest checkpoint handed to RxDB; stream events at or below it are replays and are dropped.
    let delivered = 0;
    // The epoch of the last pull; a stream event of another epoch makes RxDB pull (which then starts over).
    let pulledEpoch: string | undefined;

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
        if (failure.details.code === EPOCH_CHANGED && failure.details.epoch)
          startOver(failure.details.epoch, ownGeneration);
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
    let gateTimer: ReturnType<typeof setTimeout> | undefined;
    stops.push(() => clearTimeout(gateTimer));
    const stream = live
      ? startLiveStream({
          startAfter: streamGate,
          url: url(name, 'stream'),
          what: steps.live,
          fetch: fetchFn,
          getToken: options.getToken,
          backoff: new Backoff(options.backoff?.initialMs, options.backoff?.maxMs),
          idleTimeoutMs: options.streamIdleTimeoutMs ?? 45_000,
          delivered: () => delivered,
          sameEpoch: (epoch) => epoch === undefined || pulledEpoch === undefined || epoch === pulledEpoch,
          onDelivered: (seq) => {
            delivered = Math.max(delivered, seq);
            status.succeeded();
          },
          onConnected: (connected) => status.setStream(name, connected),
          onError: (error) => status.failed(error),
        })
      : null;
    if (stream) stops.push(stream.stop);

    // RxDB starts its first pull and its first push together. A document this machine wrote before
    // sync started could then come back from the pull (stamped by the endpoint) while its push is still
    // unanswered: RxDB keeps the local copy (a write not yet pushed) and, once the push is answered,
    // counts the unstamped copy as the team's, so the stamp never arrives. The first pull therefore
    // waits for the first push to finish (or a while, so a push that keeps failing never stops pulls).
    let firstPull = true;
    const pushedFirst = () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.streamDelayMaxMs ?? 10_000);
        timer.unref?.();
        const up = state.internalReplicationState?.firstSyncDone.up;
        if (!up) return resolve();
        void firstValueFrom(up.pipe(filter(Boolean))).then(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    const state = replicateRxCollection<Record<string, unknown>, Checkpoint>({
      replicationIdentifier: identifier,
      collection: collection as RxCollection<Record<string, unknown>>,
      live,
      retryTime: initialRetryMs,
      waitForLeadership: false,
      // Started once the bootstrap (if any) has left the replication state at the snapshot's checkpoint.
      autoStart: false,
      pull: {
        batchSize: options.pullBatchSize ?? 2000,
        handler: async (checkpoint, batchSize) => {
          if (firstPull) {
            firstPull = false;
            await pushedFirst();
          }
          return call(async () => {
            const query = new URLSearchParams({ limit: String(batchSize) });
            if (checkpoint) query.set('checkpoint', String(checkpoint.seq));
            if (checkpoint?.epoch) query.set('epoch', checkpoint.epoch);
            const body = await requestJson<PullResponse>(
              fetchFn,
              `${url(name, 'pull')}?${query}`,
              {},
              options.getToken,
              steps.fetching,
            );
            if (!Array.isArray(body.documents))
              throw new SyncHttpError(`${steps.fetching}: the endpoint answered without documents`, 502);
            if (body.checkpoint) delivered = Math.max(delivered, body.checkpoint.seq);
            if (body.checkpoint?.epoch) pulledEpoch = body.checkpoint.epoch;
            return { documents: body.documents, checkpoint: body.checkpoint ?? checkpoint };
          }, steps.fetching);
        },
        stream$: stream?.events$ as Observable<never> | undefined,
      },
      push: {
        batchSize: options.pushBatchSize ?? 200,
        handler: (rows) =>
          call(async () => {
            const outcome = await pusher.push(url(name, 'push'), rows as never, steps.sending);
            const at = Date.now();
            const refusedRows = new Set(outcome.refused.map((r) => r.index));
            rows.forEach((row, index) => {
              if (!refusedRows.has(index))
                accepted.next({ collection: name, id: String(row.newDocumentState.id) });
            });
            for (const refusal of outcome.refused) {
              const document = toWire(rows[refusal.index]!.newDocumentState as Record<string, unknown>);
              refused.next({
                collection: name,
                id: refusal.id ?? String(document.id),
                document,
                statusCode: refusal.statusCode,
                message: refusal.message,
                at,
              });
            }
            // RxDB takes every row not answered as a conflict as stored: a refused row is not pushed
            // again until it changes (or the user retries), so it never holds back later writes.
            return outcome.conflicts;
          }, steps.sending),
      },
    });
    replications[name] = state;
    const stopBootstrap = new AbortController();
    stops.push(() => stopBootstrap.abort());
    const bootstrap = runBootstrap(name, collection, stopBootstrap.signal).then(() => {
      if (stopBootstrap.signal.aborted || stopped || ownGeneration !== generation) return;
      gateTimer = setTimeout(() => openStream(), options.streamDelayMaxMs ?? 10_000);
      void state.start();
    });
    bootstraps.add(bootstrap);
    void bootstrap.finally(() => bootstraps.delete(bootstrap));
    void state.startPromise
      .then(() => firstValueFrom(state.internalReplicationState!.firstSyncDone.down.pipe(filter(Boolean))))
      .then(
        () => openStream(),
        () => openStream(),
      );
    stops.push(trackPending(collection, state as never, (count) => status.setPending(name, count)));
    const errors = state.error$.subscribe((error) => {
      const { code, parameters } = error as { code?: string; parameters?: { writeError?: unknown } };
      // Handler failures are already in the status, in the endpoint's own words.
      if ((code === 'RC_PULL' || code === 'RC_PUSH') && !parameters?.writeError) return;
      status.failed(new SyncHttpError(`${steps.local} failed: ${error.message}`, -1));
    });
    stops.push(() => errors.unsubscribe());
    return { state, stopExtras: () => stops.forEach((stop) => stop()) };
  }

  for (const [name, collection] of collections) running.set(name, startCollection(name, collection));

  const retryRefused: SyncHandle['retryRefused'] = (items) =>
    pushAgain(pusher, collections, (name) => url(name, 'push'), items);

  const states = () => [...running.values()].map((r) => r.state);
  return {
    status$: status.status$,
    get status() {
      return status.current;
    },
    conflicts$: conflicts.asObservable(),
    refused$: refused.asObservable(),
    accepted$: accepted.asObservable(),
    epochChanged$: epochChanged.asObservable(),
    replications,
    retryRefused,
    resync: () => {
      for (const s of states()) s.reSync();
    },
    awaitInSync: async () => {
      for (;;) {
        if (resetting) await resetting;
        const current = states();
        await Promise.all(current.map((s) => s.awaitInSync()));
        if (!resetting && current.every((s, i) => states()[i] === s)) return;
      }
    },
    stop: async () => {
      stopped = true;
      if (resetting) await resetting;
      for (const r of running.values()) r.stopExtras();
      await Promise.all([...bootstraps]);
      await Promise.all(states().map((s) => s.cancel()));
      status.stopped();
      conflicts.complete();
      refused.complete();
      accepted.complete();
      epochChanged.complete();
    },
  };
}
