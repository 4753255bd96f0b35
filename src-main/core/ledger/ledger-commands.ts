import { randomUUID } from 'node:crypto';
import type { Bucket, LedgerEntry, UsageEntry } from '../../../src-shared/ledger/entry';
import { entryIds } from '../../../src-shared/ledger/ids';
import { usageEntryFor, isChargedOncePerSite } from '../../../src-shared/ledger/usage-entry';
import type { UsageRequest } from '../../../src-shared/api/usage-request';
import { ApiError } from '../../../src-shared/api/errors';
import { refundState } from '../../../src-shared/ledger/refunds';
import { formatCredits } from '../../../src-shared/units';
import { ledgerPayloadKey } from '../../../src-shared/db/ledger-doc';
import { KeyedQueue } from '../../../src-shared/keyed-queue';
import type { SettingsService } from '../settings/settings-service';
import type { LedgerCollection, AppendResult } from './ledger-collection';

/**
 * The commands that write the ledger from people's actions. Each one builds its entry with a
 * deterministic id where the fact is unique, so replaying a command is a no-op, never a double charge.
 */
export class LedgerCommands {
  private readonly refunds = new KeyedQueue();

  constructor(
    private readonly store: LedgerCollection,
    private readonly settings: SettingsService,
    private readonly machineId: string,
    private readonly now: () => number,
  ) {}

  private stamp() {
    return { recordedAt: this.now(), machineId: this.machineId };
  }

  async recordUsage(
    request: UsageRequest,
    occurredAt?: number,
    sourceEventId?: string,
  ): Promise<LedgerEntry> {
    const [settings, card] = await Promise.all([this.settings.get(), this.settings.card()]);
    const entry = usageEntryFor(
      {
        sourceEventId: sourceEventId ?? randomUUID(),
        occurredAt: occurredAt ?? this.now(),
        request,
        source: 'app',
      },
      settings,
      card,
      this.stamp(),
    );
    if (isChargedOncePerSite(entry.id)) {
      const charged = await this.store.get(entry.id);
      if (charged) return charged;
    }
    return this.single(entry, 'usage', occurredAt === undefined);
  }

  /**
   * Refunds a usage: all that is still refundable (`amount` undefined, id `reversal:<usageId>`) or
   * part of it (id `reversal:<usageId>:part:<requestId>`, so a retry is the same document).
   */
  async reverse(usageId: string, reason: string, amount?: number, requestId?: string): Promise<LedgerEntry> {
    // One refund of a usage at a time: each is checked against what the earlier ones left.
    return this.refunds.run(usageId, () => this.reverseNow(usageId, reason, amount, requestId));
  }

  private async reverseNow(
    usageId: string,
    reason: string,
    amount?: number,
    requestId?: string,
  ): Promise<LedgerEntry> {
    const usage = await this.store.get(usageId);
    if (!usage) throw new ApiError('not_found', `No ledger entry ${usageId}.`);
    if (usage.kind !== 'usage')
      throw new ApiError(
        'bad_request',
        `${usageId} is a ${usage.kind}, not usage; only usage can be reversed.`,
      );
    const full = await this.store.get(entryIds.reversal(usageId));
    if (amount === undefined && full) {
      if (full.kind === 'reversal' && full.reason === reason) return full;
      throw new ApiError('conflict', `${usageId} was already reversed (${full.id}).`);
    }
    const reversals = await this.store.reversalsOf(usageId);
    // All of an untouched usage is `reversal:<usageId>` for its whole amount: the same document
    // wherever it is written. A part, or the rest after parts, is keyed by the request id instead.
    const id =
      amount === undefined && reversals.length === 0
        ? entryIds.reversal(usageId)
        : entryIds.partialReversal(usageId, requestId ?? randomUUID());
    const retried = id === entryIds.reversal(usageId) ? null : await this.store.get(id);
    if (retried) {
      const same =
        retried.kind === 'reversal' &&
        retried.reason === reason &&
        (amount === undefined || retried.amount === amount);
      if (same) return retried;
      throw new ApiError(
        'conflict',
        `${retried.id} was already recorded with another amount or reason; send a new request id.`,
      );
    }
    const refunds = refundState(usage as UsageEntry, reversals);
    const give = amount ?? refunds.refundable;
    if (give === 0 || give > refunds.refundable)
      throw new ApiError(
        'bad_request',
        `${usageId} took ${formatCredits(refunds.took)} credits and ${formatCredits(refunds.given)} were already given back, so ${formatCredits(refunds.refundable)} credits are still refundable; ${give === 0 ? 'there is nothing left to reverse' : `${formatCredits(give)} is more than that`}.`,
      );
    return this.single(
      {
        id,
        kind: 'reversal',
        amount: give,
        usageId,
        reason,
        occurredAt: Math.max(this.now(), usage.occurredAt),
        ...this.stamp(),
      },
      'reversal',
    );
  }

  /**
   * A correction. A negative one comes out of `bucket` first (default: manual credits, then the
   * usage order — docs/decisions.md), so a correction never eats this cycle's monthly credits unless
   * asked to.
   */
  async adjust(
    amount: number,
    reason: string,
    requestId?: string,
    bucket: Bucket = 'manual',
    id?: string,
  ): Promise<LedgerEntry> {
    return this.single(
      {
        id: id ?? entryIds.adjustment(requestId ?? randomUUID()),
        kind: 'adjustment',
        amount,
        reason,
        ...(amount < 0 ? { bucket } : {}),
        occurredAt: this.now(),
        ...this.stamp(),
      },
      'adjustment',
    );
  }

  async grantManual(amount: number, reason: string, requestId?: string): Promise<LedgerEntry> {
    return this.single(
      {
        id: entryIds.manualGrant(requestId ?? randomUUID()),
        kind: 'grant',
        bucket: 'manual',
        amount,
        reason,
        expiresAt: null,
        occurredAt: this.now(),
        ...this.stamp(),
      },
      'grant',
    );
  }

  async purchaseBundle(bundleId: string, quantity: number, requestId?: string): Promise<LedgerEntry> {
    const card = await this.settings.card();
    const bundle = card.bundles.find((b) => b.id === bundleId);
    if (!bundle) {
      throw new ApiError(
        'bad_request',
        `Bundle "${bundleId}" is not on rate card ${card.version}; pick one of ${card.bundles.map((b) => b.id).join(', ')}.`,
      );
    }
    const purchaseId = requestId ?? randomUUID();
    return this.single(
      {
        id: entryIds.bundleGrant(purchaseId),
        kind: 'grant',
        bucket: 'bundle',
        amount: bundle.millicredits * quantity,
        bundleId,
        purchaseId,
        priceMinor: bundle.priceMinor * quantity,
        currency: card.currency,
        quantity,
        expiresAt: null,
        occurredAt: this.now(),
        ...this.stamp(),
      },
      'grant',
    );
  }

  /**
   * Writes one entry; a replay of the same fact returns the stored entry, a different fact is a
   * conflict. When the entry's time is just "when the request was made" (`timeIsRequestTime`), a
   * replay of the same request later carries a later time but is still the same request.
   */
  private async single(entry: LedgerEntry, what: string, timeIsRequestTime = true): Promise<LedgerEntry> {
    const result: AppendResult = await this.store.append([entry]);
    if (result.inserted[0]) return result.inserted[0];
    if (result.duplicates[0]) return result.duplicates[0];
    const conflict = result.conflicts[0]!;
    const sameRequest = (e: LedgerEntry) => ledgerPayloadKey({ ...e, occurredAt: 0 });
    if (timeIsRequestTime && sameRequest(conflict.kept) === sameRequest(conflict.rejected))
      return conflict.kept;
    throw new ApiError(
      'conflict',
      `A different ${what} is already recorded as ${conflict.id}; nothing was written.`,
    );
  }
}
