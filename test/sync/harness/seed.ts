import { decideWrite } from '../../../src-server/write-rules';
import { canonicalWire } from '../../../src-server/validate';
import type { TeamDatabase } from '../../../src-server';
import type { PreparedRow } from '../../../src-server/store/types';
import type { WireDoc } from '../../../src-shared/sync/protocol';
import { usage } from './docs';

const T0 = Date.UTC(2025, 0, 1);

/** The endpoint's provenance stamp, as a push through a token would leave it. */
export interface Stamp {
  tokenId: string;
  tokenLabel: string;
}

/**
 * The bulk of a team's ledger, written straight into the store (as a long-running team would have
 * it): usage entries `usage:<prefix>-<i>`, in transactions of 2,000.
 */
export async function seedLedger(
  store: TeamDatabase,
  teamId: string,
  n: number,
  prefix: string,
  stamp?: Stamp,
): Promise<void> {
  for (let i = 0; i < n; i += 2000) {
    const rows = Array.from({ length: Math.min(2000, n - i) }, (_, k): PreparedRow => {
      const doc = {
        ...usage(`${prefix}-${i + k}`, 1000 + ((i + k) % 5) * 250, `m${k % 3}`, T0 + i + k),
        ...stamp,
        _deleted: false,
      } as WireDoc;
      return { id: doc.id, body: canonicalWire(doc), row: { newDocumentState: doc } };
    });
    await store.write(teamId, 'ledger', rows, (master, row) =>
      decideWrite('ledger', master, row.row, row.body),
    );
  }
}
