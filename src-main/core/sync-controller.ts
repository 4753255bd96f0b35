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

  constructor(private readonly deps: SyncControllerDeps) {}

  async start(): Promise<void> {
    this.tokenSet = (await this.deps.secrets.get()) !== null;
    await this.restart();
  }

  view(): SyncStatusView {
    const endpoint = this.deps.machine.current.syncEndpoint;
    const hosting = {
      running: this.server !== null,
      url: this.server ? this.publicUrl(this.server) : null,
      error: this.hostingError,
    };
    return toSyncStatusView(endpoint && this.tokenSet ? this.status : null, {
      endpoint,
      tokenSet: this.tokenSet,
      hosting,
    });
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
  async setHosting(enabled: boolean, port: number): Promise<SyncStatusView> {
    if (!enabled) {
      await this.server?.close();
      this.server = null;
      this.hostingError = null;
      return this.view();
    }
    if (this.server) return this.view();
    try {
      this.server = await startServer({
        port,
        host: this.deps.hostingInterface ?? '0.0.0.0',
        data: join(this.deps.dataDir, 'endpoint'),
        machineId: this.deps.machine.current.machineId,
      });
      this.hostingError = null;
    } catch (error) {
      this.hostingError = `Could not start the endpoint: ${(error as Error).message}`;
      throw new ApiError('unavailable', `${this.hostingError}. Try another port.`);
    }
    if (!this.tokenSet || !this.deps.machine.current.syncEndpoint) {
      const team = (await this.server.admin.listTeams())[0] ?? (await this.server.admin.createTeam('Team'));
      const { token } = await this.server.admin.createToken(
        team.id,
        `desktop ${this.deps.machine.current.machineId}`,
      );
      await this.configure(this.server.url, token);
    }
    return this.view();
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
    await this.stopClient();
    await this.server?.close();
    this.server = null;
  }

  private publicUrl(server: ServerHandle): string {
    return this.deps.hostingInterface ? server.url : `http://${hostname()}:${server.port}`;
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
      this.emit();
    });
  }

  private async stopClient(): Promise<void> {
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
