import { priceAction, PricingError, type RateCard } from '../pricing';
import type { LedgerEntry, MonthlyGrant } from './entry';
import { crawlOrigin, entryIds, reversalIdShape } from './ids';

/**
 * Who may create which ledger entries, and what an entry must agree with before anyone stores it.
 * One module for the desktop's own writes and the endpoint's checks of pushed entries, so a local
 * write never creates what the endpoint refuses (ARCHITECTURE.md, "Authority").
 */

export const SCOPES = ['admin', 'viewer', 'metering'] as const;
export type Scope = (typeof SCOPES)[number];
export const isScope = (value: unknown): value is Scope => (SCOPES as readonly unknown[]).includes(value);

/** Default ceiling of one manual grant, bundle, referral award or adjustment: 10,000,000 credits. */
export const DEFAULT_MAX_ENTRY_MILLICREDITS = 10_000_000_000;

export interface EntryRuleContext {
  /** The writer's scope; the desktop app writes as `admin` (it holds the team's ledger). */
  scope: Scope;
  /** Most millicredits one manual grant, bundle, referral award or adjustment may move. */
  maxEntryMillicredits: number;
  /** The team's rate card of that version, or undefined when the team does not have it. */
  card(version: string): RateCard | undefined;
  /** A ledger entry the checked one refers to, already stored or arriving in the same write. */
  entry(id: string): LedgerEntry | undefined;
  /**
   * Millicredits already given back by the other reversals of `usageId` (stored or earlier in
   * the same write), by id; the checked reversal's own id is left out, so a re-push is no excess.
   */
  givenBack(usageId: string): ReadonlyMap<string, number>;
  /**
   * Null when the monthly grant is what the plan gives, else why it is not (`retry` when the plan
   * itself is not known yet).
   */
  monthly(grant: MonthlyGrant): string | { reason: string; retry: boolean } | null;
}

/**
 * A refusal: `retry` when the team's state may still catch up (a rate card or the settings not
 * synced yet), so the writer should try again later rather than give the entry up.
 */
export interface EntryProblem {
  id: string;
  reason: string;
  retry: boolean;
}

/** The rate-card versions and entries a batch refers to, so a caller can load them before the (synchronous) check. */
export function referencesOf(entries: readonly LedgerEntry[]): { cards: Set<string>; entries: Set<string> } {
  const refs = { cards: new Set<string>(), entries: new Set<string>() };
  for (const entry of entries) {
    if (entry.kind === 'usage') refs.cards.add(entry.rateCardVersion);
    else if (entry.kind === 'reversal') refs.entries.add(entry.usageId);
  }
  return refs;
}

const credits = (millicredits: number) => `${millicredits} millicredits`;

function needsAdmin(entry: LedgerEntry, what: string, ctx: EntryRuleContext): string | null {
  if (ctx.scope !== 'admin') return `${what} needs the admin scope; this token has "${ctx.scope}"`;
  if (Math.abs(entry.amount) > ctx.maxEntryMillicredits) {
    return `${what} of ${credits(Math.abs(entry.amount))} is over the team's limit of ${credits(ctx.maxEntryMillicredits)} per entry`;
  }
  return null;
}

function usageProblem(entry: Extract<LedgerEntry, { kind: 'usage' }>, ctx: EntryRuleContext) {
  if (ctx.scope === 'viewer') return { reason: 'usage needs the admin or metering scope', retry: false };
  if (entry.id !== entryIds.usage(entry.sourceEventId))
    return {
      reason: `a usage id must be "usage:<sourceEventId>" (${entryIds.usage(entry.sourceEventId)})`,
      retry: false,
    };
  if (entry.actionKind !== entry.action.kind)
    return {
      reason: `actionKind "${entry.actionKind}" differs from action.kind "${entry.action.kind}"`,
      retry: false,
    };
  if (entry.action.kind === 'website_crawl' && entry.action.origin) {
    const origin = crawlOrigin(entry.action.origin);
    if (origin && entry.sourceEventId !== `crawl:${origin}`)
      return { reason: `a crawl of ${origin} is charged once as "usage:crawl:${origin}"`, retry: false };
  }
  const card = ctx.card(entry.rateCardVersion);
  if (!card) {
    return {
      reason: `rate card "${entry.rateCardVersion}" is not known to the team yet; sync the rate cards, then push again`,
      retry: true,
    };
  }
  let quote;
  try {
    quote = priceAction(entry.action, card);
  } catch (error) {
    if (error instanceof PricingError)
      return { reason: `action cannot be priced: ${error.message}`, retry: false };
    throw error;
  }
  const expected = quote.millicredits === 0 ? 0 : -quote.millicredits;
  if (entry.amount !== expected || entry.ruleId !== quote.ruleId) {
    return {
      reason: `rate card ${card.version} prices this action at ${credits(quote.millicredits)} (rule ${quote.ruleId}); the entry says ${credits(-entry.amount)} (rule ${entry.ruleId})`,
      retry: false,
    };
  }
  return null;
}

function reversalProblem(entry: Extract<LedgerEntry, { kind: 'reversal' }>, ctx: EntryRuleContext) {
  const admin = needsAdmin(entry, 'a reversal', ctx);
  if (admin) return admin;
  const shape = reversalIdShape(entry.id, entry.usageId);
  if (!shape)
    return `a reversal id must be "${entryIds.reversal(entry.usageId)}" (full) or "${entryIds.partialReversal(entry.usageId, '<requestId uuid>')}" (partial)`;
  if (shape === 'partial' && entry.amount === 0)
    return 'a partial reversal must give back more than 0 millicredits';
  const usage = ctx.entry(entry.usageId);
  if (!usage) return `it reverses "${entry.usageId}", which is not a recorded usage of this team`;
  if (usage.kind !== 'usage') return `it reverses "${entry.usageId}", which is a ${usage.kind}, not usage`;
  let given = 0;
  for (const [id, amount] of ctx.givenBack(entry.usageId)) if (id !== entry.id) given += amount;
  const left = Math.max(0, -usage.amount - given);
  if (entry.amount > left)
    return `it gives back ${credits(entry.amount)}, more than the ${credits(left)} still refundable of "${usage.id}" (it took ${credits(-usage.amount)}, ${credits(given)} already given back)`;
  return null;
}

/** Checks one entry; null when it may be stored. */
export function entryProblem(entry: LedgerEntry, ctx: EntryRuleContext): EntryProblem | null {
  const refuse = (reason: string | null, retry = false) => (reason ? { id: entry.id, reason, retry } : null);
  if (!Number.isSafeInteger(entry.amount)) return refuse('amount must be a safe integer of millicredits');
  switch (entry.kind) {
    case 'usage': {
      const problem = usageProblem(entry, ctx);
      return problem ? { id: entry.id, ...problem } : null;
    }
    case 'reversal':
      return refuse(reversalProblem(entry, ctx));
    case 'adjustment':
      return refuse(needsAdmin(entry, 'an adjustment', ctx));
    case 'grant':
      switch (entry.bucket) {
        case 'manual':
          return refuse(needsAdmin(entry, 'a manual grant', ctx));
        case 'bundle':
          return refuse(
            needsAdmin(entry, 'a bundle grant', ctx) ??
              (entry.id === entryIds.bundleGrant(entry.purchaseId)
                ? null
                : `a bundle grant id must be "${entryIds.bundleGrant(entry.purchaseId)}"`),
          );
        case 'referral':
          return refuse(
            needsAdmin(entry, 'a referral award', ctx) ??
              (entry.id === entryIds.referralGrant(entry.referralId)
                ? null
                : `a referral award id must be "${entryIds.referralGrant(entry.referralId)}"`),
          );
        case 'monthly': {
          if (ctx.scope !== 'admin')
            return refuse(`a monthly grant needs the admin scope; this token has "${ctx.scope}"`);
          const problem = ctx.monthly(entry);
          return typeof problem === 'object' && problem !== null
            ? { id: entry.id, ...problem }
            : refuse(problem);
        }
      }
  }
}

/**
 * Checks a batch in order; an entry may refer to one earlier or later in the same batch (a usage
 * and its reversal pushed together), which `entry` resolves through `inBatch` first. Reversals of
 * one usage add up: those stored (`storedReversals`) plus the ones accepted earlier in the batch.
 */
export function batchProblems(
  entries: readonly LedgerEntry[],
  ctx: Omit<EntryRuleContext, 'entry' | 'givenBack'> & {
    stored(id: string): LedgerEntry | undefined;
    /** Every stored reversal of `usageId` (full and partial). */
    storedReversals(usageId: string): readonly LedgerEntry[];
  },
): EntryProblem[] {
  const inBatch = new Map(entries.map((e) => [e.id, e]));
  const given = new Map<string, Map<string, number>>();
  const givenBack = (usageId: string) => {
    let byId = given.get(usageId);
    if (!byId) {
      byId = new Map(ctx.storedReversals(usageId).map((r) => [r.id, r.amount]));
      given.set(usageId, byId);
    }
    return byId;
  };
  const context: EntryRuleContext = {
    ...ctx,
    entry: (id) => inBatch.get(id) ?? ctx.stored(id),
    givenBack,
  };
  const problems: EntryProblem[] = [];
  for (const entry of entries) {
    const problem = entryProblem(entry, context);
    if (problem) problems.push(problem);
    else if (entry.kind === 'reversal') givenBack(entry.usageId).set(entry.id, entry.amount);
  }
  return problems;
}

/**
 * Whether adding `amounts` to a ledger whose absolute amounts already sum to `magnitude` keeps
 * every sum a replay can form inside the safe integer range.
 */
export function staysSafe(magnitude: number, amounts: readonly number[]): boolean {
  let total = magnitude;
  for (const amount of amounts) {
    total += Math.abs(amount);
    if (total > Number.MAX_SAFE_INTEGER) return false;
  }
  return true;
}
