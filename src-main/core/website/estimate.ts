import { DEFAULT_RATE_CARD, type RateCard } from '../../../src-shared/pricing';
import { roundDiv } from '../../../src-shared/units';
import { priceCrawl, pricePageScrape, pricePerScrapedPage } from '../documents/pricing';

export interface Range {
  min: number;
  expected: number;
  max: number;
}

export type PageSize =
  /** Typed in: the average cleaned characters of one page. */
  | { averageChars: number }
  /** Measured: cleaned characters of saved sample pages. */
  | { sampleChars: readonly number[] };

export interface WebsiteEstimateInput {
  pagesByOrigin: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
  pageSize: PageSize;
  /** Sites already crawled (ledger `usage:crawl:<origin>`): the crawl is charged once per site. */
  alreadyCrawled?: Iterable<string>;
}

export interface WebsiteEstimate {
  sites: { origin: string; pages: number; crawlCharged: boolean }[];
  pages: number;
  crawlMillicredits: number;
  /** Page-rule pages for all pages together. */
  scrapePages: Range;
  pageMillicredits: Range;
  totalMillicredits: Range;
  avgChars: Range;
  notes: string[];
  rateCardVersion: string;
}

/**
 * 1 credit per site crawl (once per origin) + every page by the 5,000-character page rule.
 * With samples, min/max take the smallest/largest sample for every page and expected their mean.
 * With only an average, min/max are the bounds the page rule allows for that much text:
 * evenly spread (no page wastes a partial page) or spread so every page overflows by one.
 */
export function estimateWebsite(
  input: WebsiteEstimateInput,
  card: RateCard = DEFAULT_RATE_CARD,
): WebsiteEstimate {
  const entries =
    input.pagesByOrigin instanceof Map ? [...input.pagesByOrigin] : Object.entries(input.pagesByOrigin);
  const crawled = new Set([...(input.alreadyCrawled ?? [])].map((o) => safeOrigin(o)));
  const sites = entries
    .map(([origin, pages]) => ({ origin, pages, crawlCharged: !crawled.has(origin) }))
    .sort((a, b) => b.pages - a.pages || a.origin.localeCompare(b.origin));
  const pages = sites.reduce((n, s) => n + s.pages, 0);
  const crawlMillicredits = sites.filter((s) => s.crawlCharged).length * priceCrawl(card);
  const perPage = pricePerScrapedPage(card);
  const notes: string[] = [];
  let scrapePages: Range;
  let avgChars: Range;

  if ('sampleChars' in input.pageSize) {
    const samples = input.pageSize.sampleChars;
    if (samples.length === 0) throw new RangeError('sampleChars: give at least one measured page');
    const each = samples.map((c) => pricePageScrape(c, card).pages);
    const sum = each.reduce((a, b) => a + b, 0);
    scrapePages = {
      min: pages * Math.min(...each),
      expected: roundDiv(pages * sum, samples.length),
      max: pages * Math.max(...each),
    };
    const chars = samples.reduce((a, b) => a + b, 0);
    avgChars = {
      min: Math.min(...samples),
      expected: roundDiv(chars, samples.length),
      max: Math.max(...samples),
    };
    notes.push(`Page size measured on ${samples.length} saved page${samples.length === 1 ? '' : 's'}.`);
    if (samples.length < 5)
      notes.push('Fewer than 5 sample pages: the range may be narrower than the real site.');
  } else {
    const a = input.pageSize.averageChars;
    if (!Number.isSafeInteger(a) || a < 0)
      throw new RangeError('averageChars: expected a non-negative whole number');
    const pc = card.pageChars;
    const totalChars = pages * a;
    scrapePages = {
      min: a === 0 ? 0 : Math.max(pages, Math.ceil(totalChars / pc)),
      expected: pages * pricePageScrape(a, card).pages,
      max: a === 0 ? 0 : Math.floor((totalChars + (pc - 1) * pages) / pc),
    };
    avgChars = { min: a, expected: a, max: a };
    notes.push(
      'Page size typed in as an average; min and max are the page rule’s bounds for that much text.',
    );
  }
  const pageMillicredits = {
    min: scrapePages.min * perPage,
    expected: scrapePages.expected * perPage,
    max: scrapePages.max * perPage,
  };
  const already = sites.filter((s) => !s.crawlCharged).length;
  if (already > 0)
    notes.push(
      `${already} site${already === 1 ? ' was' : 's were'} crawled before; the crawl credit is not charged again.`,
    );
  return {
    sites,
    pages,
    crawlMillicredits,
    scrapePages,
    pageMillicredits,
    totalMillicredits: {
      min: crawlMillicredits + pageMillicredits.min,
      expected: crawlMillicredits + pageMillicredits.expected,
      max: crawlMillicredits + pageMillicredits.max,
    },
    avgChars,
    notes,
    rateCardVersion: card.version,
  };
}

function safeOrigin(text: string): string {
  try {
    return new URL(text).origin;
  } catch {
    return text;
  }
}
