import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Subscription } from 'rxjs';
import { ApiError } from '../../src-shared/api/errors';
import type { HostedTokenView, SyncStatusView } from '../../src-shared/api/views';
import type { Scope } from '../../src-shared/ledger/entry-rules';
import type { CreditdeskDatabase } from './db/open-database';
import type { MachineStore } from './machine';
import type { SecretStore } from './secrets';
import type { EventBus } from './events';
import { startSync, toSyncStatusView, type SyncHandle, type SyncStatus } from './sync';
import { startServer, tokenIdOf, type ServerHandle } from '../../src-server';

const LAST_SYNC_SAVE_MS = 30_000;

export interface SyncControllerDeps {
  db: CreditdeskDatabase;
  dataDir: string;
  machine: MachineStore;
  secrets: SecretStore;
  events: EventBus;
  now: () => number;
  /** Where the embedded endpoint listens when this machine hosts it (tests use 127.0.0.1). */
  hostingInterface?: string;
}

/**
 * Owns this machine's connection to the team endpoint: starts and restarts replication when the
 * endpoint or token changes, turns the client's status into the view the frame shows, and can
 * host the endpoint in-process for the team (embedded mode, SQLite in the data folder).
 */
export class SyncController {
  private handle: SyncHandle | null = null;
  private statusSub: Subscription | null = null;
  private status: SyncStatus | null = null;
  private tokenSet = false;
  private server: ServerHandle | null = null;
  private hostingError: string | null = null;
  private lastSyncSavedAt = 0;

  constructor(private readonly deps: SyncControllerDeps) {}

  async start(): Promise<void> {
    this.tokenSet = (await this.deps.secrets.get()) !== null;
    // Hosting set from the console comes back with the app; a port now taken is reported, not fatal.
    const hosting = this.deps.machine.current.hosting;
    if (hosting?.enabled) {
      try {
        await this.startHosting(hosting.port, hosting.reach);
      } catch {
        // startHosting kept the reason in hostingError; the panel shows it.
      }
    }
    await this.restart();
  }

  view(): SyncStatusView {
    const endpoint = this.deps.machine.current.syncEndpoint;
    const hosting = {
      running: this.server !== null,
      url: this.server ? this.publicUrl(this.server) : null,
      error: this.hostingError,
      reach: this.deps.machine.current.hosting?.reach ?? 'loopback',
    };
    const view = toSyncStatusView(endpoint && this.tokenSet ? this.status : null, {
      endpoint,
      tokenSet: this.tokenSet,
      hosting,
    });
    const saved = this.deps.machine.current.lastSyncAt;
    return saved !== null && (view.lastSyncAt ?? 0) < saved ? { ...view, lastSyncAt: saved } : view;
  }

  async configure(endpoint: string | null, token: string | null | undefined): Promise<SyncStatusView> {
    if (endpoint !== null && !/^https?:\/\//i.test(endpoint)) {
      throw new ApiError('bad_request', 'The sync endpoint must be an http:// or https:// URL.');
    }
    if (token !== undefined) {
      await this.deps.secrets.set(token);
      this.tokenSet = token !== null;
    }
    this.deps.machine.update({ syncEndpoint: endpoint });
    await this.restart();
    return this.view();
  }

  async syncNow(): Promise<SyncStatusView> {
    if (!this.handle)
      throw new ApiError('bad_request', 'Sync is off: set the endpoint URL and token in Settings first.');
    this.handle.resync();
    return this.view();
  }

  /**
   * Hosts the endpoint on this machine. The first time, it creates the team and a token for this
   * machine and points this machine's sync at it; teammates get tokens from `npm run server -- token create`.
   */
  async setHosting(enabled: boolean, port: number, reach: 'loopback' | 'lan'): Promise<SyncStatusView> {
    const saved = this.deps.machine.current.hosting;
    if (!enabled) {
      await this.server?.close();
      this.server = null;
      this.hostingError = null;
      this.deps.machine.update({ hosting: saved ? { ...saved, enabled: false } : null });
      return this.view();
    }
    // A different reach (loopback ↔ LAN) needs a new listener.
    if (this.server && saved?.reach === reach) return this.view();
    const moving = this.server !== null;
    await this.server?.close();
    this.server = null;
    const wanted = port || (saved?.port ?? 0);
    this.deps.machine.update({ hosting: { enabled: true, reach, port: wanted } });
    try {
      await this.startHosting(wanted, reach);
    } catch (error) {
      throw new ApiError('unavailable', `${(error as Error).message}. Try another port.`);
    }
    if (!this.tokenSet || !this.deps.machine.current.syncEndpoint) {
      const team = (await this.server!.admin.listTeams())[0] ?? (await this.server!.admin.createTeam('Team'));
      const { token } = await this.server!.admin.createToken(
        team.id,
        `desktop ${this.deps.machine.current.machineId}`,
      );
      await this.configure(this.server!.url, token);
    } else if (moving) this.handle?.resync();
    return this.view();
  }

  /**
   * Starts the embedded endpoint. The port it got is saved, so teammates' links and this machine's
   * own endpoint URL stay valid after a restart.
   */
  private async startHosting(port: number, reach: 'loopback' | 'lan'): Promise<void> {
    try {
      this.server = await startServer({
        port,
        host: this.deps.hostingInterface ?? (reach === 'lan' ? '0.0.0.0' : '127.0.0.1'),
        data: join(this.deps.dataDir, 'endpoint'),
        machineId: this.deps.machine.current.machineId,
      });
      this.hostingError = null;
    } catch (error) {
      this.hostingError = `Could not start the endpoint on port ${port}: ${(error as Error).message}`;
      this.emit();
      throw new Error(this.hostingError);
    }
    this.deps.machine.update({ hosting: { enabled: true, reach, port: this.server.port } });
  }

  /** A token for a teammate's machine on the endpoint this machine hosts; only its hash is kept. */
  async createTeammateToken(
    label: string,
    scope: Scope = 'admin',
  ): Promise<{ token: string; endpoint: string }> {
    const server = this.hosted();
    const team = (await server.admin.listTeams())[0] ?? (await server.admin.createTeam('Team'));
    const { token } = await server.admin.createToken(team.id, label, scope);
    return { token, endpoint: this.publicUrl(server) };
  }

  async listHostedTokens(): Promise<HostedTokenView[]> {
    const server = this.hosted();
    const own = await this.deps.secrets.get();
    const ownId = own ? tokenIdOf(own) : null;
    const team = (await server.admin.listTeams())[0];
    if (!team) return [];
    return (await server.admin.listTokens(team.id)).map((t) => ({
      id: t.id,
      label: t.label,
      scope: t.scope,
      createdAt: t.createdAt,
      lastUsedAt: t.lastUsedAt,
      revokedAt: t.revokedAt,
      own: t.id === ownId,
    }));
  }

  /** Revokes a token of the hosted endpoint; its open streams end at once. */
  async revokeHostedToken(id: string): Promise<boolean> {
    const server = this.hosted();
    const team = (await server.admin.listTeams())[0];
    const tokens = team ? await server.admin.listTokens(team.id) : [];
    if (!tokens.some((t) => t.id === id))
      throw new ApiError('not_found', `No token ${id} on the endpoint this machine hosts.`);
    return server.admin.revokeToken(id);
  }

  private hosted(): ServerHandle {
    if (!this.server)
      throw new ApiError('bad_request', 'This machine is not hosting the endpoint; turn hosting on first.');
    return this.server;
  }

  async stop(): Promise<void> {
    this.saveLastSync(true);
    await this.stopClient();
    await this.server?.close();
    this.server = null;
  }

  private publicUrl(server: ServerHandle): string {
    if (this.deps.hostingInterface || this.deps.machine.current.hosting?.reach !== 'lan') return server.url;
    return `http://${hostname()}:${server.port}`;
  }

  /** Keeps "last synced" in machine.json, at most every 30 s while syncing (and on stop). */
  private saveLastSync(force = false): void {
    const at = this.status?.lastSyncAt ?? null;
    if (at === null || at <= (this.deps.machine.current.lastSyncAt ?? 0)) return;
    if (!force && at - this.lastSyncSavedAt < LAST_SYNC_SAVE_MS) return;
    this.lastSyncSavedAt = at;
    this.deps.machine.update({ lastSyncAt: at });
  }

  private async restart(): Promise<void> {
    await this.stopClient();
    const endpoint = this.deps.machine.current.syncEndpoint;
    if (!endpoint || !this.tokenSet) {
      this.emit();
      return;
    }
    const { ledger, referrals, settings, ratecards, alerts } = this.deps.db;
    this.handle = startSync({
      collections: { ledger, referrals, settings, ratecards, alerts },
      endpoint,
      getToken: () => this.deps.secrets.get(),
    });
    this.statusSub = this.handle.status$.subscribe((status) => {
      this.status = status;
      this.saveLastSync();
      this.emit();
    });
  }

  private async stopClient(): Promise<void> {
    this.saveLastSync(true);
    this.statusSub?.unsubscribe();
    this.statusSub = null;
    const handle = this.handle;
    this.handle = null;
    this.status = null;
    if (handle) await handle.stop();
  }

  private emit(): void {
    this.deps.events.emit('syncStatus', this.view());
  }
}
