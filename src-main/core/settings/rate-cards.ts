import type { RxCollection } from 'rxdb';
import type { RateCardDoc } from '../../../src-shared/db/collections';
import { DEFAULT_RATE_CARD, parseRateCard, type RateCard } from '../../../src-shared/pricing';
import { ApiError } from '../../../src-shared/api/errors';

/**
 * Rate-card versions, stored as data (and synced) so every usage entry can name the card that
 * priced it and be re-explained later. Cards are immutable per version.
 */
export class RateCards {
  private readonly cache = new Map<string, RateCard>();

  constructor(
    private readonly collection: RxCollection<RateCardDoc>,
    private readonly now: () => number,
  ) {}

  /** Makes sure the built-in card is stored, so a fresh data folder can price offline at once. */
  async ensureDefault(): Promise<void> {
    const existing = await this.collection.findOne(DEFAULT_RATE_CARD.version).exec();
    if (!existing) {
      await this.collection.insert({
        id: DEFAULT_RATE_CARD.version,
        card: structuredClone(DEFAULT_RATE_CARD) as unknown as Record<string, unknown>,
        createdAt: this.now(),
      });
    }
  }

  async get(version: string): Promise<RateCard> {
    const cached = this.cache.get(version);
    if (cached) return cached;
    if (version === DEFAULT_RATE_CARD.version) return DEFAULT_RATE_CARD;
    const doc = await this.collection.findOne(version).exec();
    if (!doc)
      throw new ApiError(
        'not_found',
        `Rate card "${version}" is not on this machine; sync or pick another version.`,
      );
    const card = parseRateCard(doc.toMutableJSON().card);
    this.cache.set(version, card);
    return card;
  }

  async versions(): Promise<string[]> {
    const docs = await this.collection.find().exec();
    return docs.map((d) => d.id).sort();
  }
}
