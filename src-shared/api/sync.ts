import { z } from 'zod';
import { SCOPES } from '../ledger/entry-rules';
import { empty, method } from './method';

/**
 * This machine's sync with the team's endpoint, the endpoint it may host, and the browser link.
 * (The wire protocol between client and endpoint is not here: this is the renderer's contract.)
 */

export interface SyncStatusView {
  state: 'disabled' | 'connecting' | 'online' | 'offline' | 'error';
  endpoint: string | null;
  tokenSet: boolean;
  waitingToPush: number;
  lastSyncAt: number | null;
  lastError: string | null;
  conflicts: number;
  hosting: {
    running: boolean;
    url: string | null;
    error: string | null;
    /** loopback: this machine only (the default); lan: every interface, for teammates. */
    reach?: 'loopback' | 'lan';
  };
  /** Documents the endpoint refused: kept on this machine, not on the team's endpoint. Oldest first. */
  needsAttention: NeedsAttentionView[];
  /** A first download from the team's snapshot under way ("ledger entries", 40,000 of 1,000,000). */
  bootstrap?: { what: string; done: number; total: number } | null;
}

/** One refused document in the sync panel's "needs attention" list. */
export interface NeedsAttentionView {
  collection: string;
  id: string;
  /** What the document is, in words ("Adjustment of 0 credits"). */
  summary: string;
  /** The endpoint's reason, in its words. */
  reason: string;
  /** What the user can do about it. */
  advice: string;
  statusCode: number;
  refusedAt: number;
}

/** A token of the endpoint this machine hosts (the secret is never kept, only shown at creation). */
export interface HostedTokenView {
  id: string;
  label: string;
  scope: 'admin' | 'viewer' | 'metering';
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
  /** The token this machine itself syncs with: revoking it stops this machine's sync. */
  own: boolean;
}

export const syncMethods = {
  getSyncStatus: method<SyncStatusView>()(empty),
  configureSync: method<SyncStatusView>()(
    z.strictObject({
      endpoint: z.string().trim().url().max(2048).nullable(),
      /** Omit to keep the stored token; null to forget it. */
      token: z.string().trim().min(8).max(512).nullable().optional(),
    }),
  ),
  syncNow: method<SyncStatusView>()(empty),
  /** Pushes the documents in "needs attention" again, e.g. after the endpoint was updated. */
  retryRefusedDocuments: method<SyncStatusView>()(empty),
  setHosting: method<SyncStatusView>()(
    z.strictObject({
      enabled: z.boolean(),
      /** 0: the port used last time (or a free one the first time). */
      port: z.number().int().min(0).max(65535).default(0),
      /** Teammates on the LAN can reach it only when asked for explicitly. */
      reach: z.enum(['loopback', 'lan']).default('loopback'),
    }),
  ),
  /** While this machine hosts the endpoint: a new token for a teammate's machine, shown once. */
  createTeammateToken: method<{ token: string; endpoint: string }>()(
    z.strictObject({ label: z.string().trim().min(1).max(100), scope: z.enum(SCOPES).default('admin') }),
  ),
  /** While this machine hosts the endpoint: every token of the team, never the secret. */
  listHostedTokens: method<HostedTokenView[]>()(empty),
  revokeHostedToken: method<{ revoked: boolean }>()(z.strictObject({ id: z.string().min(1).max(64) })),
  /** Browser version only: a new link token; every open tab must be reopened with the new link. */
  rotateBrowserLink: method<{ openUrl: string }>()(empty),
} as const;
export type SyncMethods = typeof syncMethods;

export interface SyncEvents {
  syncStatus: SyncStatusView;
}
