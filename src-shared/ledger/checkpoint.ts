import { z } from 'zod';
import { bucketSchema } from './entry';
import { assertAnchorDay, DAY_MS } from './cycles';
import { assertTime, CheckpointError, MAX_TIME } from './errors';
import type { LedgerBook } from './book';
import { FORECAST_WINDOW_DAYS } from './forecast';
import { BURN_RANK, burnsBefore, ReplayState, type Lot, type LedgerAnomaly } from './replay';
import { firstAtOrAfterIn } from './source';
import { encodeUsageWindow, type UsageWindowData } from './usage-window';

/**
 * A balance checkpoint: the replay state after every entry before a cut, as plain JSON, so that a
 * process can answer balances from it plus the entries since the cut instead of replaying (and
 * first loading) the whole ledger. It is only ever a cache of a full replay. What makes it safe to
 * reuse is what it records about the ledger it came from:
 *
 * - `entriesBefore`: entries are immutable and ids unique, so a store that still holds exactly
 *   this many entries before the cut — and has changed none of them — holds the same set;
 * - `targets`: the usages some reversal referred to. The state keeps what each of those consumed;
 *   a later reversal of any other usage before the cut would need a record it lacks, so a view
 *   refuses to answer when it sees one (checkpoint-view.ts);
 * - `anchorDay` and `format`: a checkpoint written under other settings or rules is not used.
 */

/** Bump when the replay rules, the meaning of the state or this layout change: old files are then ignored. */
export const CHECKPOINT_FORMAT = 2;

/** The usage window reaches back as far as the longest forecast window, so forecasts need nothing older. */
export const CHECKPOINT_WINDOW_MS = Math.max(...FORECAST_WINDOW_DAYS) * DAY_MS;

/** One lot as stored; `index` and `rank` follow from its position and bucket. */
export interface LotData {
  id: string;
  bucket: Lot['bucket'];
  source: Lot['source'];
  grantedAt: number;
  /** Null for credits that never expire. */
  expiresAt: number | null;
  granted: number;
  remaining: number;
  expired: number;
  closed: boolean;
  /** Monthly lots: their cycle and the capped part (format 2: monthly grants raise, not add). */
  cycleStart: number;
  capped: number;
  used: number;
  corrected: number;
  repaid: number;
}

/** ReplayState as stored. The burn order, cursor and next expiry are derived again on restore. */
export interface ReplayStateData {
  lots: LotData[];
  overdraft: number;
  used: number;
  adjusted: number;
  applied: number;
  /** [usageId, record] for usages whose consumption a later reversal may still give back. */
  records: [string, number[]][];
  anomalies: LedgerAnomaly[];
}

export interface BalanceCheckpoint {
  format: typeof CHECKPOINT_FORMAT;
  /** The anchor day the ledger was read under; a view for another anchor day refuses it. */
  anchorDay: number;
  /** The state covers entries with occurredAt < cut, with expiry processed up to `cut`. */
  cut: number;
  /** Distinct entries with occurredAt < cut. */
  entriesBefore: number;
  /** Every usage id some reversal referred to when written, sorted. */
  targets: string[];
  state: ReplayStateData;
  /** Usage in [max(0, cut − CHECKPOINT_WINDOW_MS), cut), for forecasts. */
  window: UsageWindowData;
}

/** The checkpoint of `book` at `cut`: its state, count and usage window. */
export function createCheckpoint(book: LedgerBook, cut: number): BalanceCheckpoint {
  const state = book.stateBefore(cut);
  const entries = book.entries();
  const end = firstAtOrAfterIn(entries, cut);
  const targets = state.reversalTargets;
  return {
    format: CHECKPOINT_FORMAT,
    anchorDay: book.anchorDay,
    cut,
    entriesBefore: end,
    targets: [...targets].sort(),
    state: serializeState(state),
    window: encodeUsageWindow(entries, Math.max(0, cut - CHECKPOINT_WINDOW_MS), end, targets),
  };
}

function serializeState(state: ReplayState): ReplayStateData {
  return {
    lots: state.lots.map((lot) => ({
      id: lot.id,
      bucket: lot.bucket,
      source: lot.source,
      grantedAt: lot.grantedAt,
      expiresAt: lot.expiresAt === Infinity ? null : lot.expiresAt,
      granted: lot.granted,
      remaining: lot.remaining,
      expired: lot.expired,
      closed: lot.closed,
      cycleStart: lot.cycleStart,
      capped: lot.capped,
      used: lot.used,
      corrected: lot.corrected,
      repaid: lot.repaid,
    })),
    overdraft: state.overdraft,
    used: state.used,
    adjusted: state.adjusted,
    applied: state.applied,
    records: [...state.records].map(([id, record]) => [id, record.slice()]),
    anomalies: state.anomalies.map((a) => ({ ...a })),
  };
}

/**
 * A ReplayState from stored data (already checked by parseCheckpoint). Open lots are put back in
 * burn order and the cursor restarts at 0: lots before a cursor are only known to be empty, so
 * starting earlier burns exactly the same.
 */
export function restoreState(data: ReplayStateData, targets: ReadonlySet<string>): ReplayState {
  const state = new ReplayState(targets);
  state.lots = data.lots.map((lot, index) => ({
    index,
    id: lot.id,
    bucket: lot.bucket,
    source: lot.source,
    rank: BURN_RANK[lot.bucket],
    grantedAt: lot.grantedAt,
    expiresAt: lot.expiresAt ?? Infinity,
    granted: lot.granted,
    remaining: lot.remaining,
    expired: lot.expired,
    closed: lot.closed,
    cycleStart: lot.cycleStart,
    capped: lot.capped,
    used: lot.used,
    corrected: lot.corrected,
    repaid: lot.repaid,
  }));
  state.order = state.lots
    .filter((lot) => !lot.closed)
    .sort((a, b) => (burnsBefore(a, b) ? -1 : burnsBefore(b, a) ? 1 : 0));
  state.nextExpiry = state.order.reduce((next, lot) => Math.min(next, lot.expiresAt), Infinity);
  state.cursor = 0;
  state.overdraft = data.overdraft;
  state.used = data.used;
  state.adjusted = data.adjusted;
  state.applied = data.applied;
  state.records = new Map(data.records.map(([id, record]) => [id, record.slice()]));
  state.anomalies = data.anomalies.map((a) => ({ ...a }));
  state.rebuildMonthly();
  return state;
}

const time = z.number().int().min(0).max(MAX_TIME);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const signed = z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);
const id = z.string().min(1).max(300);

/**
 * The usage window's number arrays hold tens of thousands of values; one loop checks them in a
 * fraction of the time a per-element schema takes, which matters at start-up.
 */
const countArray = z.custom<number[]>(
  (value) => {
    if (!Array.isArray(value)) return false;
    for (const n of value as unknown[])
      if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) return false;
    return true;
  },
  { message: 'expected an array of non-negative integers' },
);

const checkpointSchema = z.strictObject({
  format: z.literal(CHECKPOINT_FORMAT),
  anchorDay: z.number().int().min(1).max(31),
  cut: time,
  entriesBefore: count,
  targets: z.array(id),
  state: z.strictObject({
    lots: z.array(
      z.strictObject({
        id,
        bucket: bucketSchema,
        source: z.enum(['grant', 'adjustment', 'refund']),
        grantedAt: time,
        expiresAt: time.nullable(),
        granted: count,
        remaining: count,
        expired: count,
        closed: z.boolean(),
        cycleStart: z.number().int().min(-1).max(MAX_TIME),
        capped: count,
        used: count,
        corrected: count,
        repaid: count,
      }),
    ),
    overdraft: count,
    used: signed,
    adjusted: signed,
    applied: count,
    records: z.array(z.tuple([id, z.array(count).min(1)])),
    anomalies: z.array(
      z.strictObject({
        kind: z.enum(['orphan_reversal', 'reversal_exceeds_usage']),
        entryId: id,
        usageId: id,
        occurredAt: time,
        millicredits: count,
      }),
    ),
  }),
  window: z.strictObject({
    from: time,
    times: countArray,
    amounts: countArray,
    ids: z.array(z.tuple([count, id])),
    reversals: z.array(z.tuple([time, count, id])),
  }),
});

/**
 * Checks untrusted data (a file's content) and returns it as a checkpoint. Beyond the shape, the
 * state must be one a replay can produce: every entry before the cut applied once, lots that add
 * up, nothing open past its expiry, no credits beside a debt, records that point at real lots.
 * @throws CheckpointError describing the first problem.
 */
export function parseCheckpoint(value: unknown): BalanceCheckpoint {
  const parsed = checkpointSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CheckpointError(`checkpoint ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const cp = parsed.data as BalanceCheckpoint;
  const fail = (why: string): never => {
    throw new CheckpointError(`checkpoint: ${why}`);
  };
  const { state, cut } = cp;
  if (state.applied !== cp.entriesBefore) fail('the state did not apply every entry before the cut');
  const targets = new Set(cp.targets);
  if (targets.size !== cp.targets.length) fail('repeated reversal targets');
  let open = 0;
  const lotIds = new Set<string>();
  for (const lot of state.lots) {
    if (lotIds.has(lot.id)) fail(`two lots from entry ${lot.id}`);
    lotIds.add(lot.id);
    if (lot.grantedAt >= cut) fail(`lot ${lot.id} granted at or after the cut`);
    if (lot.remaining + lot.expired > lot.granted) fail(`lot ${lot.id} holds more than was granted`);
    if (lot.closed ? lot.remaining !== 0 : lot.expiresAt !== null && lot.expiresAt <= cut)
      fail(`lot ${lot.id} is open past its expiry or closed with credits`);
    if (!lot.closed) open += lot.remaining;
  }
  if (open > 0 && state.overdraft > 0) fail('credits and a debt at once');
  for (const [usageId, record] of state.records) {
    if (!targets.has(usageId)) fail(`a record for ${usageId}, which no reversal refers to`);
    if (record.length % 2 !== 1) fail(`the record of ${usageId} is not [debt, lot, amount, …]`);
    for (let j = 1; j < record.length; j += 2)
      if (record[j]! >= state.lots.length) fail(`the record of ${usageId} names a missing lot`);
  }
  if (cp.window.from !== Math.max(0, cut - CHECKPOINT_WINDOW_MS)) fail('the usage window has moved');
  return cp;
}

/** @throws CheckpointError when the checkpoint was taken under another anchor day. */
export function assertSameAnchor(cp: BalanceCheckpoint, anchorDay: number): void {
  assertAnchorDay(anchorDay);
  assertTime(cp.cut, 'cut');
  if (cp.anchorDay !== anchorDay)
    throw new CheckpointError(`checkpoint: written for anchor day ${cp.anchorDay}, not ${anchorDay}`);
}
