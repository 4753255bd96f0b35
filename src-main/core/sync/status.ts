import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';
import type { SyncHttpError } from './http';

/** What the settings page and the status bar show about team sync. */
export interface SyncStatus {
  /** connecting until the endpoint first answers; stopped after stop(). */
  state: 'connecting' | 'online' | 'offline' | 'stopped';
  /** The endpoint answered the last request (even with an error such as 401). */
  online: boolean;
  /** Every collection's live change stream is connected. */
  streaming: boolean;
  /** Local changes not yet acknowledged by the endpoint. */
  pendingPush: number;
  /** When the endpoint last accepted a push or delivered changes (epoch ms). */
  lastSyncAt: number | null;
  lastError: { message: string; status: number; at: number } | null;
  /** Conflicts reported since sync started (immutable entries that differed from the team's). */
  conflicts: number;
  /** A bootstrap from the team's snapshot under way: documents written of those to fetch. */
  bootstrap: { collection: string; done: number; total: number } | null;
}

const same = (a: SyncStatus, b: SyncStatus) =>
  a.state === b.state &&
  a.online === b.online &&
  a.streaming === b.streaming &&
  a.pendingPush === b.pendingPush &&
  a.lastSyncAt === b.lastSyncAt &&
  a.lastError === b.lastError &&
  a.conflicts === b.conflicts &&
  a.bootstrap === b.bootstrap;

export class StatusTracker {
  private readonly subject = new BehaviorSubject<SyncStatus>({
    state: 'connecting',
    online: false,
    streaming: false,
    pendingPush: 0,
    lastSyncAt: null,
    lastError: null,
    conflicts: 0,
    bootstrap: null,
  });
  private readonly streams = new Map<string, boolean>();
  private readonly pending = new Map<string, number>();
  private readonly bootstraps = new Map<string, { done: number; total: number }>();

  readonly status$: Observable<SyncStatus> = this.subject.pipe(distinctUntilChanged(same));

  get current(): SyncStatus {
    return this.subject.getValue();
  }

  private patch(change: Partial<SyncStatus>): void {
    const next = { ...this.current, ...change };
    if (next.state !== 'stopped')
      next.state = next.online
        ? 'online'
        : this.current.lastSyncAt === null && !next.lastError
          ? 'connecting'
          : 'offline';
    this.subject.next(next);
  }

  succeeded(): void {
    this.patch({ online: true, lastSyncAt: Date.now() });
  }

  failed(error: SyncHttpError): void {
    const lastError = { message: error.message, status: error.status, at: Date.now() };
    // A local failure says nothing about the network: keep what the last exchange showed.
    this.patch(error.status === -1 ? { lastError } : { online: error.reachable, lastError });
  }

  setStream(collection: string, connected: boolean): void {
    this.streams.set(collection, connected);
    const streaming = this.streams.size > 0 && [...this.streams.values()].every(Boolean);
    this.patch(connected ? { streaming, online: true } : { streaming });
  }

  setPending(collection: string, count: number): void {
    this.pending.set(collection, count);
    let total = 0;
    for (const n of this.pending.values()) total += n;
    this.patch({ pendingPush: total });
  }

  /** Progress of one collection's bootstrap; null once it is done (or did not run). */
  setBootstrap(collection: string, progress: { done: number; total: number } | null): void {
    if (progress) this.bootstraps.set(collection, progress);
    else this.bootstraps.delete(collection);
    const [first] = this.bootstraps.entries();
    this.patch({ bootstrap: first ? { collection: first[0], ...first[1] } : null });
  }

  conflict(): void {
    this.patch({ conflicts: this.current.conflicts + 1 });
  }

  stopped(): void {
    this.subject.next({ ...this.current, state: 'stopped', streaming: false });
    this.subject.complete();
  }
}
