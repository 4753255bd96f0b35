/** Team sync for the desktop database: see startSync. */
export { startSync, type StartSyncOptions, type SyncHandle } from './start-sync';
export type { SyncStatus } from './status';
export { conflictHandlerFor, type ReportedConflict } from './conflict-handlers';
export { SyncHttpError, type FetchLike, type TokenProvider } from './http';
export { toSyncStatusView, type StatusViewContext } from './status-view';
export type { RefusedDocument, RetryOutcome } from './push';
