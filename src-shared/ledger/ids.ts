/**
 * Deterministic ids for facts that are unique, so the same fact recorded on two machines is one
 * document (ARCHITECTURE.md, "The ledger"). Facts without a natural key get a random suffix.
 */

export const entryIds = {
  monthlyGrant: (cycleStart: number) => `grant:monthly:${cycleStart}`,
  referralGrant: (referralId: string) => `grant:referral:${referralId}`,
  bundleGrant: (purchaseId: string) => `grant:bundle:${purchaseId}`,
  manualGrant: (uniqueId: string) => `grant:manual:${uniqueId}`,
  usage: (sourceEventId: string) => `usage:${sourceEventId}`,
  crawl: (origin: string) => `usage:crawl:${origin}`,
  reversal: (usageId: string) => `reversal:${usageId}`,
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
