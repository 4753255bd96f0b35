import type {
  DocumentEstimateView,
  MigrationEstimateView,
  SavedEstimateView,
  WebsiteEstimateView,
} from '../../../../src-shared/api';

/**
 * Saved estimates are stored as free-form records (and may arrive by sync from another version of
 * Creditdesk), so a stored result is checked for the fields the page reads before it is shown.
 */

/** Where an estimate run stands: files on their way (browser), main's job, or an outcome. */
export type RunPhase = 'idle' | 'uploading' | 'running' | 'done' | 'failed' | 'cancelled';

/** Files on their way or main's job under way: the inputs are locked and the run can be cancelled. */
export const inProgress = (phase: RunPhase): boolean => phase === 'uploading' || phase === 'running';

/** The saved estimate a result on screen belongs to. */
export interface SavedRef {
  id: string;
  title: string;
  savedAt: number;
  /** True when the result was re-opened from the list rather than computed in this session. */
  reopened: boolean;
}

/** What an estimator hands to saveEstimate. */
export interface EstimateSnapshot {
  title: string;
  millicredits: number;
  input: Record<string, unknown>;
  result: Record<string, unknown>;
}

export const savedRefOf = (saved: SavedEstimateView, reopened: boolean): SavedRef => ({
  id: saved.id,
  title: saved.title,
  savedAt: saved.updatedAt,
  reopened,
});

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isRange = (v: unknown): boolean => isObj(v) && isInt(v.min) && isInt(v.expected) && isInt(v.max);
const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isStr);

export function documentResultOf(result: unknown): DocumentEstimateView | null {
  if (!isObj(result) || !isStr(result.estimateId) || !Array.isArray(result.files) || !isObj(result.totals))
    return null;
  const rowsOk = result.files.every(
    (r) =>
      isObj(r) &&
      isStr(r.name) &&
      isInt(r.chars) &&
      isInt(r.pages) &&
      isInt(r.millicredits) &&
      strings(r.warnings) &&
      (r.error === null || isStr(r.error)),
  );
  const t = result.totals;
  const totalsOk = [t.files, t.errors, t.chars, t.pages, t.millicredits].every(isInt);
  return rowsOk && totalsOk ? (result as unknown as DocumentEstimateView) : null;
}

export function websiteResultOf(result: unknown): WebsiteEstimateView | null {
  if (!isObj(result)) return null;
  const ok =
    Array.isArray(result.sites) &&
    result.sites.every((s) => isObj(s) && isStr(s.origin) && isInt(s.pages)) &&
    isInt(result.pages) &&
    isInt(result.crawlMillicredits) &&
    isRange(result.pageMillicredits) &&
    isRange(result.totalMillicredits) &&
    isRange(result.avgChars) &&
    strings(result.notes);
  return ok ? (result as unknown as WebsiteEstimateView) : null;
}

export function migrationResultOf(result: unknown): MigrationEstimateView | null {
  if (!isObj(result) || !isObj(result.breakdown)) return null;
  const plan = result.plan;
  const planOk =
    plan === null ||
    (isObj(plan) &&
      Array.isArray(plan.items) &&
      isInt(plan.totalMillicredits) &&
      isInt(plan.totalPriceMinor) &&
      isStr(plan.currency));
  const ok =
    ['zendesk', 'helpscout', 'intercom'].includes(result.platform as string) &&
    [result.conversations, result.articles, result.skipped, result.documentPages].every(isInt) &&
    [result.millicredits, result.balance, result.shortfall].every(isInt) &&
    [result.breakdown.conversations, result.breakdown.articles, result.breakdown.documents].every(isInt) &&
    strings(result.warnings) &&
    Array.isArray(result.errors) &&
    planOk;
  return ok ? (result as unknown as MigrationEstimateView) : null;
}

/** Shown instead of a saved result that does not have the expected shape. */
export const UNREADABLE_SAVED =
  'This saved estimate was made by another version of Creditdesk and cannot be shown here. Run the estimate again and save it anew.';
