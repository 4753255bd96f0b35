/**
 * Deterministic ids for facts that are unique, so the same fact recorded on two machines is one
 * document (ARCHITECTURE.md, "The ledger"). Facts without a natural key get a random suffix.
 */

const PART = ':part:';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id prefix every partial reversal of `usageId` shares (the endpoint looks them up by it). */
export const partialReversalPrefix = (usageId: string) => `reversal:${usageId}${PART}`;

/**
 * Whether `id` is a valid reversal id of `usageId`: `reversal:<usageId>` (full) or
 * `reversal:<usageId>:part:<uuid>` (partial). A usage whose own id ends in ":part:<uuid>" can only
 * be refunded the partial way, so no full reversal ever shares an id with a partial one.
 */
export function reversalIdShape(id: string, usageId: string): 'full' | 'partial' | null {
  if (id === `reversal:${usageId}`) {
    const cut = usageId.lastIndexOf(PART);
    return cut >= 0 && UUID.test(usageId.slice(cut + PART.length)) ? null : 'full';
  }
  const prefix = partialReversalPrefix(usageId);
  return id.startsWith(prefix) && UUID.test(id.slice(prefix.length)) ? 'partial' : null;
}

export const entryIds = {
  monthlyGrant: (cycleStart: number) => `grant:monthly:${cycleStart}`,
  referralGrant: (referralId: string) => `grant:referral:${referralId}`,
  bundleGrant: (purchaseId: string) => `grant:bundle:${purchaseId}`,
  manualGrant: (uniqueId: string) => `grant:manual:${uniqueId}`,
  usage: (sourceEventId: string) => `usage:${sourceEventId}`,
  crawl: (origin: string) => `usage:crawl:${origin}`,
  /** The full reversal of a usage: one per usage, so it gives back only what partial ones left. */
  reversal: (usageId: string) => `reversal:${usageId}`,
  /** One partial refund, keyed by the caller's request id so a retry is the same document. */
  partialReversal: (usageId: string, requestId: string) => `reversal:${usageId}${PART}${requestId}`,
  adjustment: (uniqueId: string) => `adjustment:${uniqueId}`,
} as const;

/**
 * Normalises a site address to its origin so "https://Example.com/docs" and "https://example.com"
 * count as the same crawl. Returns null for anything that is not an http(s) URL.
 */
export function crawlOrigin(siteUrl: string): string | null {
  try {
    const url = new URL(siteUrl.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin.toLowerCase();
  } catch {
    return null;
  }
}
