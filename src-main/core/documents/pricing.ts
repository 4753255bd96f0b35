import { DEFAULT_RATE_CARD, pagesForChars, priceAction, type RateCard } from '../../../src-shared/pricing';

/**
 * Training prices for the estimators, all through the shared pricing engine so an estimate
 * and the usage entry it later becomes are priced by the same rules and rate card.
 */
export interface PagedPrice {
  pages: number;
  millicredits: number;
}

export function priceDocument(chars: number, card: RateCard = DEFAULT_RATE_CARD): PagedPrice {
  return {
    pages: pagesForChars(chars, card.pageChars),
    millicredits: priceAction({ kind: 'document', chars }, card).millicredits,
  };
}

export function pricePageScrape(chars: number, card: RateCard = DEFAULT_RATE_CARD): PagedPrice {
  return {
    pages: pagesForChars(chars, card.pageChars),
    millicredits: priceAction({ kind: 'page_scrape', chars }, card).millicredits,
  };
}

export function priceArticles(count: number, card: RateCard = DEFAULT_RATE_CARD): number {
  return priceAction({ kind: 'kb_article', count }, card).millicredits;
}

export function priceConversations(count: number, card: RateCard = DEFAULT_RATE_CARD): number {
  return priceAction({ kind: 'conversation_embedding', count }, card).millicredits;
}

export function priceCrawl(card: RateCard = DEFAULT_RATE_CARD): number {
  return priceAction({ kind: 'website_crawl' }, card).millicredits;
}

/** Millicredits for one page of the page rule: what each extra scraped page costs. */
export function pricePerScrapedPage(card: RateCard = DEFAULT_RATE_CARD): number {
  return priceAction({ kind: 'page_scrape', chars: card.pageChars }, card).millicredits;
}
