import type { MigrationStrategies } from 'rxdb';
import type { CreditdeskCollections } from './database-types';

/**
 * Schema migrations per collection, keyed by the version they migrate to. Schemas start at
 * version 0; a change bumps the schema's `version` and adds its step here, e.g.
 * `ledger: { 1: (doc) => ({ ...doc, newField: '' }) }`. Ledger steps may only add derived fields:
 * the entries are immutable facts that other machines hold too.
 */
export const MIGRATIONS: Partial<Record<keyof CreditdeskCollections, MigrationStrategies>> = {
  // 1 added the optional endpoint provenance (tokenId, tokenLabel): existing entries are unchanged.
  ledger: { 1: (doc: unknown) => doc },
  // The plan list is optional: a document without one is a plan nobody has changed since.
  // 2 added the optional `machineNames` map: a document without one names no machine yet.
  settings: { 1: (doc: unknown) => doc, 2: (doc: unknown) => doc },
};
