import { cycleFor, type LedgerEntry } from '../../../src-shared/ledger';
import type { LedgerRow } from '../../../src-shared/api/views';
import type { LedgerService } from './ledger-service';
import type { GrantService } from '../grants/grant-service';
import { toLedgerRow } from './ledger-rows';

export interface WrittenRowDeps {
  ledger: LedgerService;
  grants: GrantService;
  now: () => number;
}

/** Rows written by commands reach the in-memory book at once, not only via the change stream. */
export async function writtenRow(deps: WrittenRowDeps, entry: Promise<LedgerEntry>): Promise<LedgerRow> {
  const e = await entry;
  deps.ledger.accept([e]);
  // Usage recorded into an earlier cycle burns that cycle's grant, which may not exist yet.
  if (e.occurredAt < cycleFor(deps.ledger.anchorDay, deps.now()).start) await deps.grants.ensure();
  return toLedgerRow(e);
}
