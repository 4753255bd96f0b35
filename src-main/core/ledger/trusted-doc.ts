import type { LedgerEntry } from '../../../src-shared/ledger/entry';

const SKIP = new Set(['_rev', '_meta', '_deleted', '_attachments']);

/** A stored document's fields, read without checks (see trustedEntry): each fits where it goes. */
type AnyField<T> = T extends unknown ? keyof T : never;
type StoredDoc = { readonly [K in AnyField<LedgerEntry>]: never };

/**
 * Strings that repeat across entries (machine, rule, card version, explanation) are parsed anew for
 * every document; sharing one copy of each keeps a million entries in far less memory. The table is
 * bounded so a ledger of all-distinct explanations cannot grow it without limit.
 */
const INTERN_LIMIT = 100_000;
const interned = new Map<string, string>();
function intern<T extends string>(value: T): T {
  const held = interned.get(value) as T | undefined;
  if (held !== undefined) return held;
  if (interned.size < INTERN_LIMIT) interned.set(value, value);
  return value;
}

/** Identical pricing inputs (most usage) share one frozen action object, keyed by its JSON. */
const actions = new Map<string, unknown>();
function internAction<T>(action: T): T {
  const key = JSON.stringify(action);
  const held = actions.get(key) as T | undefined;
  if (held !== undefined) return held;
  if (actions.size < INTERN_LIMIT) actions.set(key, Object.freeze(action));
  return action;
}

/**
 * A stored ledger document back to an entry without re-validating it. Only for bulk loads and the
 * change stream: every document was schema-checked when written (ajv in RxDB, zod at our edges), and
 * a full zod parse of a million entries would cost seconds of start-up for no new safety.
 *
 * Each kind is built as one object literal with its schema's fields in a fixed order: no key loop,
 * no deletes, and every entry of a kind shares one hidden class, which also keeps the replay's
 * property reads monomorphic. test/core/trusted-doc.test.ts checks the fields against entry.ts.
 */
export function trustedEntry(doc: Record<string, unknown>): LedgerEntry {
  const d = doc as StoredDoc;
  switch (d.kind as LedgerEntry['kind']) {
    case 'usage':
      return {
        id: d.id,
        kind: 'usage',
        amount: d.amount,
        occurredAt: d.occurredAt,
        recordedAt: d.recordedAt,
        machineId: intern(d.machineId),
        tokenId: d.tokenId,
        tokenLabel: d.tokenLabel,
        action: internAction(d.action),
        actionKind: intern(d.actionKind),
        ruleId: intern(d.ruleId),
        rateCardVersion: intern(d.rateCardVersion),
        explanation: intern(d.explanation),
        sourceEventId: d.sourceEventId,
        source: intern(d.source),
      };
    case 'reversal':
      return {
        id: d.id,
        kind: 'reversal',
        amount: d.amount,
        occurredAt: d.occurredAt,
        recordedAt: d.recordedAt,
        machineId: d.machineId,
        tokenId: d.tokenId,
        tokenLabel: d.tokenLabel,
        usageId: d.usageId,
        reason: d.reason,
      };
    case 'adjustment':
      return {
        id: d.id,
        kind: 'adjustment',
        amount: d.amount,
        occurredAt: d.occurredAt,
        recordedAt: d.recordedAt,
        machineId: d.machineId,
        tokenId: d.tokenId,
        tokenLabel: d.tokenLabel,
        reason: d.reason,
        // Always the key (one hidden class); undefined where the stored '' means "none".
        bucket: d.bucket ? d.bucket : undefined,
      } as LedgerEntry;
    case 'grant':
      return grant(d) ?? generic(doc);
    default:
      return generic(doc);
  }
}

function grant(d: StoredDoc): LedgerEntry | null {
  switch (d.bucket as string) {
    case 'monthly':
      return {
        id: d.id,
        kind: 'grant',
        bucket: 'monthly',
        amount: d.amount,
        occurredAt: d.occurredAt,
        recordedAt: d.recordedAt,
        machineId: d.machineId,
        tokenId: d.tokenId,
        tokenLabel: d.tokenLabel,
        tierId: d.tierId,
        cycleStart: d.cycleStart,
        expiresAt: d.expiresAt,
      };
    case 'bundle':
      return {
        id: d.id,
        kind: 'grant',
        bucket: 'bundle',
        amount: d.amount,
        occurredAt: d.occurredAt,
        recordedAt: d.recordedAt,
        machineId: d.machineId,
        tokenId: d.tokenId,
        tokenLabel: d.tokenLabel,
        bundleId: d.bundleId,
        purchaseId: d.purchaseId,
        priceMinor: d.priceMinor,
        currency: d.currency,
        quantity: d.quantity,
        expiresAt: null,
      };
    case 'referral':
      return {
        id: d.id,
        kind: 'grant',
        bucket: 'referral',
        amount: d.amount,
        occurredAt: d.occurredAt,
        recordedAt: d.recordedAt,
        machineId: d.machineId,
        tokenId: d.tokenId,
        tokenLabel: d.tokenLabel,
        referralId: d.referralId,
        expiresAt: d.expiresAt,
      };
    case 'manual':
      return {
        id: d.id,
        kind: 'grant',
        bucket: 'manual',
        amount: d.amount,
        occurredAt: d.occurredAt,
        recordedAt: d.recordedAt,
        machineId: d.machineId,
        tokenId: d.tokenId,
        tokenLabel: d.tokenLabel,
        reason: d.reason,
        expiresAt: d.expiresAt,
      };
    default:
      return null;
  }
}

/** Field by field, for a document of a kind this file does not know (it never passed validation). */
function generic(doc: Record<string, unknown>): LedgerEntry {
  const out: Record<string, unknown> = {};
  for (const key in doc) {
    if (SKIP.has(key)) continue;
    const value = doc[key];
    if (value === '' && (key === 'bucket' || key === 'actionKind')) continue;
    out[key] = value;
  }
  if (out.kind !== 'usage') delete out.actionKind;
  if (out.kind !== 'grant') delete out.bucket;
  return out as unknown as LedgerEntry;
}
