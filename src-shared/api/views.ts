/**
 * The shapes main returns to the renderer, merged from the domains (src-shared/api/<domain>.ts).
 * Plain JSON, amounts in integer millicredits, times in epoch milliseconds (UTC). They are views for
 * the UI, decoupled from storage documents.
 */
export type * from './overview';
export type * from './ledger';
export type * from './import';
export type * from './analytics';
export type * from './bundles';
export type * from './referrals';
export type * from './settings';
export type * from './sync';
export type * from './jobs';
export type * from './estimate';
