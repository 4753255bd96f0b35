import type { SyncedCollectionName } from '../src-shared/db/collections';
import { asRefusals, ledgerProblems, refusal } from './ledger-checks';
import type { Limits } from './options';
import { stampLedgerRows } from './provenance';
import {
  SafeRangeError,
  type PreparedRow,
  type TeamDatabase,
  type TokenRecord,
  type WriteResult,
} from './store/types';
import { KeyedQueue } from '../src-shared/keyed-queue';
import { decideWrite } from './write-rules';

// One team's ledger writes run one at a time in this process, and (store.withLedgerLock) across the
// endpoint processes sharing a PostgreSQL database: the entry rules read what is stored (earlier
// refunds of a usage, the cycle's grants) before the write that depends on them. Ten machines each
// refunding 300 of a 1,000 usage were all accepted on PostgreSQL without it.
const ledgerWrites = new KeyedQueue();

/**
 * A push's write with the trust model applied: ledger rows get the caller's provenance stamp, new
 * ledger entries pass the shared entry rules (else nothing is written: 422/409 naming each refused
 * row), and the team's ledger stays inside the safe integer range. Ledger writes of one team run
 * one at a time, so each is checked against everything written before it.
 */
export async function checkedWrite(
  store: TeamDatabase,
  auth: TokenRecord,
  collection: SyncedCollectionName,
  prepared: PreparedRow[],
  limits: Limits,
  answerStamped = false,
): Promise<WriteResult> {
  if (collection !== 'ledger') return writeChecked(store, auth, collection, prepared, limits, false);
  return ledgerWrites.run(auth.teamId, () =>
    store.withLedgerLock(auth.teamId, () =>
      writeChecked(store, auth, collection, prepared, limits, answerStamped),
    ),
  );
}

async function writeChecked(
  store: TeamDatabase,
  auth: TokenRecord,
  collection: SyncedCollectionName,
  prepared: PreparedRow[],
  limits: Limits,
  answerStamped: boolean,
): Promise<WriteResult> {
  let rows = prepared;
  let magnitudeOf: ((row: PreparedRow) => number) | undefined;
  if (collection === 'ledger') {
    const stamped = await stampLedgerRows(store, auth, rows);
    rows = stamped.rows;
    const maxEntry = (await store.teamLimit(auth.teamId)) ?? limits.maxEntryMillicredits;
    const problems = await ledgerProblems(store, auth, stamped.newEntries, maxEntry);
    const ids = rows.map((r) => r.id);
    if (problems.length > 0) throw refusal(collection, asRefusals(problems, ids));
    magnitudeOf = (row) => Math.abs(row.row.newDocumentState.amount as number);
  }
  try {
    const result = await store.write(
      auth.teamId,
      collection,
      rows,
      (master, row) => decideWrite(collection, master, row.row, row.body),
      { magnitudeOf },
    );
    if (answerStamped) addStampedCopies(prepared, rows, result);
    return result;
  } catch (error) {
    if (!(error instanceof SafeRangeError)) throw error;
    const index = rows.findIndex((r) => r.id === error.documentId);
    throw refusal(collection, [{ index, id: error.documentId, statusCode: 422, message: error.message }]);
  }
}

/**
 * A ledger row stored (or already held) with the endpoint's stamp, which the pushed copy lacked, is
 * answered with the stored state as a conflict (only to clients that ask for per-document answers:
 * ours, which compare facts before reporting a conflict), so the pusher's conflict handler takes the team's
 * copy at once. Left to the pull, the stamped copy could arrive while the push was still unanswered:
 * RxDB then keeps the local copy (a write not yet pushed), and once the push is answered counts the
 * unstamped copy as the team's, so the stamp never arrived (seen in the convergence suite under load).
 */
function addStampedCopies(pushed: PreparedRow[], stamped: PreparedRow[], result: WriteResult): void {
  const answered = new Set(result.conflicts.map((body) => (JSON.parse(body) as { id: string }).id));
  stamped.forEach((row, i) => {
    if (!answered.has(row.id) && row.body !== pushed[i]!.body) result.conflicts.push(row.body);
  });
}
