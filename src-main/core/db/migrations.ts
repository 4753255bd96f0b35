import type { MigrationStrategies } from 'rxdb';
import type { CreditdeskCollections } from './open-database';

/**
 * Schema migrations per collection, keyed by the version they migrate to. Every schema is at
 * version 0 today; a change bumps the schema's `version` and adds its step here, e.g.
 * `ledger: { 1: (doc) => ({ ...doc, newField: '' }) }`. Ledger steps may only add derived fields:
 * the entries are immutable facts that other machines hold too.
 */
export const MIGRATIONS: Partial<Record<keyof CreditdeskCollections, MigrationStrategies>> = {};
