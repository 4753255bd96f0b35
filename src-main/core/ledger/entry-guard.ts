import type { LedgerEntry } from '../../../src-shared/ledger/entry';

/** Refuses, before anything is stored, entries the team endpoint would refuse (same shared rules). */
export type EntryGuard = (entries: readonly LedgerEntry[]) => Promise<void>;
