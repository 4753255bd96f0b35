import { DEFAULT_RATE_CARD, type RateCard } from '../../../src-shared/pricing';
import { priceArticles, priceConversations, priceDocument } from '../documents/pricing';
import type { ExportCount, SkippedCounts } from './types';

export interface MigrationCounts {
  conversations: number;
  articles: number;
  /** Cleaned characters of each training document (each priced by the page rule on its own). */
  documentChars?: readonly number[];
  /** Pages typed in directly, when no documents were measured. */
  documentPages?: number;
}

export interface MigrationEstimate {
  conversations: { count: number; millicredits: number };
  articles: { count: number; millicredits: number };
  documents: { count: number; pages: number; millicredits: number };
  totalMillicredits: number;
  rateCardVersion: string;
}

/** Credits = conversations × 0.5 + articles × 1 + documents by the 5,000-character page rule. */
export function estimateMigration(
  counts: MigrationCounts,
  card: RateCard = DEFAULT_RATE_CARD,
): MigrationEstimate {
  const conversations = priceConversations(counts.conversations, card);
  const articles = priceArticles(counts.articles, card);
  let pages = 0;
  let documentMillicredits = 0;
  for (const chars of counts.documentChars ?? []) {
    const price = priceDocument(chars, card);
    pages += price.pages;
    documentMillicredits += price.millicredits;
  }
  if (counts.documentPages) {
    // A typed page count is already in pages: price it as that many full pages.
    const typed = priceDocument(counts.documentPages * card.pageChars, card);
    pages += typed.pages;
    documentMillicredits += typed.millicredits;
  }
  return {
    conversations: { count: counts.conversations, millicredits: conversations },
    articles: { count: counts.articles, millicredits: articles },
    documents: { count: counts.documentChars?.length ?? 0, pages, millicredits: documentMillicredits },
    totalMillicredits: conversations + articles + documentMillicredits,
    rateCardVersion: card.version,
  };
}

/** Adds up several export files (e.g. a ticket export plus an articles export). */
export function combineCounts(files: readonly ExportCount[]): {
  conversations: number;
  articles: number;
  characters: number;
  skipped: SkippedCounts;
  problemCount: number;
} {
  const sum = {
    conversations: 0,
    articles: 0,
    characters: 0,
    skipped: { spam: 0, deleted: 0, draft: 0 },
    problemCount: 0,
  };
  for (const f of files) {
    sum.conversations += f.conversations;
    sum.articles += f.articles;
    sum.characters += f.characters;
    sum.skipped.spam += f.skipped.spam;
    sum.skipped.deleted += f.skipped.deleted;
    sum.skipped.draft += f.skipped.draft;
    sum.problemCount += f.problemCount;
  }
  return sum;
}
