import type { RxCollection } from 'rxdb';
import type { LedgerDoc } from '../../../src-shared/db/collections';
import { CheckpointError, CheckpointView, type BalanceCheckpoint } from '../../../src-shared/ledger';
import { readCheckpointFile } from './checkpoint-file';
import type { LedgerCollection } from './ledger-collection';
import { earliestChangeSince, readRange } from './ledger-reader';

/**
 * Writes since the checkpoint beyond which checking them one by one costs more than it saves.
 * Normally there are none: the file is rewritten on close, after the last write.
 */
const MAX_CHANGES_TO_CHECK = 20_000;

export interface CheckpointContext {
  collection: RxCollection<LedgerDoc>;
  store: LedgerCollection;
  path: string;
  /** The database's storage token. */
  database: string;
  anchorDay: number;
  now: number;
}

export type OpenResult = { view: CheckpointView; checkpoint: BalanceCheckpoint } | { reason: string };

/**
 * Start-up fast path: finds the latest checkpoint in the file that still describes the stored
 * ledger, and a view over it plus the entries stored since its cut. A checkpoint is used only when
 * - the file is intact and of this format (readCheckpointFile), for this database and anchor day;
 * - no stored document before its cut was written after the checkpoint was (an update that the
 *   count cannot see, e.g. a sync conflict resolved while the file was stale);
 * - the store holds exactly as many entries before its cut as the checkpoint counted: entries are
 *   append-only and immutable, so the same count under unique ids is the same set;
 * - the view can answer for `now` (no reversal of a usage it kept no record of).
 * Otherwise the reason is returned and the caller loads the whole ledger.
 */
export async function openFromCheckpoint(ctx: CheckpointContext): Promise<OpenResult> {
  const read = readCheckpointFile(ctx.path);
  if ('reason' in read) return read;
  const { file } = read;
  if (file.database !== ctx.database) return { reason: 'written for another database' };
  const candidates = file.checkpoints
    .filter((cp) => cp.anchorDay === ctx.anchorDay && cp.cut <= ctx.now)
    .sort((a, b) => a.cut - b.cut);
  if (candidates.length === 0)
    return { reason: `no checkpoint for anchor day ${ctx.anchorDay} before the current time` };

  const earliestChange = await earliestChangeSince(ctx.collection, file.written, MAX_CHANGES_TO_CHECK);
  if (earliestChange === null)
    return { reason: `more than ${MAX_CHANGES_TO_CHECK} writes since it was taken` };

  // One index count up to the earliest cut, then only the short ranges between cuts.
  let best: BalanceCheckpoint | null = null;
  let counted = 0;
  let previousCut = 0;
  for (let i = 0; i < candidates.length; i++) {
    const cp = candidates[i]!;
    counted +=
      i === 0 ? await ctx.store.countBefore(cp.cut) : await ctx.store.countBetween(previousCut, cp.cut);
    previousCut = cp.cut;
    if (counted === cp.entriesBefore && cp.cut <= earliestChange) best = cp;
  }
  if (best === null) {
    return {
      reason:
        earliestChange < Infinity
          ? 'entries before its cut were written or changed since'
          : 'the number of entries before its cut has changed',
    };
  }

  let view: CheckpointView;
  try {
    view = new CheckpointView(best, ctx.anchorDay);
  } catch (error) {
    if (error instanceof CheckpointError) return { reason: error.message };
    throw error;
  }
  view.add((await readRange(ctx.collection, best.cut, Infinity)).entries);
  const why = view.whyNot(ctx.now);
  return why === null ? { view, checkpoint: best } : { reason: why };
}
