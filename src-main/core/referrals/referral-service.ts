import { randomUUID } from 'node:crypto';
import type { RxCollection } from 'rxdb';
import { statusRank, type Referral, type ReferralStatus } from '../../../src-shared/db/referral';
import { entryIds } from '../../../src-shared/ledger/ids';
import { referralExpiresAt, type RateCard } from '../../../src-shared/pricing';
import { ApiError } from '../../../src-shared/api/errors';
import type { ReferralView } from '../../../src-shared/api/views';
import type { LedgerStore } from '../ledger/ledger-store';

/**
 * The referral pipeline (invited → signed up → paid). Reaching "paid" writes the award entry
 * `grant:referral:<id>`; its deterministic id is what makes the award happen once, even when two
 * machines mark the same referral paid.
 */
export class ReferralService {
  constructor(
    private readonly collection: RxCollection<Referral>,
    private readonly ledger: LedgerStore,
    private readonly card: () => Promise<RateCard>,
    private readonly machineId: string,
    private readonly now: () => number,
  ) {}

  async add(name: string, contact: string, requestId?: string): Promise<ReferralView> {
    if (requestId) {
      const existing = await this.collection.findOne(requestId).exec();
      if (existing) return (await this.views([existing.toMutableJSON() as Referral]))[0]!;
    }
    const at = this.now();
    const referral: Referral = {
      id: requestId ?? randomUUID(),
      name,
      contact,
      status: 'invited',
      invitedAt: at,
      signedUpAt: null,
      paidAt: null,
      updatedAt: at,
      machineId: this.machineId,
    };
    await this.collection.insert(referral);
    return (await this.views([referral]))[0]!;
  }

  /** Moves a referral forward; moving back is refused (status only ever advances). */
  async advance(id: string, status: ReferralStatus): Promise<ReferralView> {
    const doc = await this.collection.findOne(id).exec();
    if (!doc) throw new ApiError('not_found', `No referral with id ${id}.`);
    if (statusRank(status) < statusRank(doc.status)) {
      throw new ApiError(
        'conflict',
        `Referral "${doc.name}" is already ${doc.status.replace('_', ' ')}; status only moves forward.`,
      );
    }
    const at = this.now();
    const updated = await doc.incrementalModify((data) => {
      const next = { ...data, updatedAt: Math.max(at, data.updatedAt), machineId: this.machineId };
      if (statusRank(status) > statusRank(data.status)) next.status = status;
      if (statusRank(status) >= 1 && next.signedUpAt === null) next.signedUpAt = at;
      if (statusRank(status) >= 2 && next.paidAt === null) next.paidAt = at;
      return next;
    });
    const referral = updated.toMutableJSON() as Referral;
    if (referral.status === 'paid') await this.award(referral);
    return (await this.views([referral]))[0]!;
  }

  /** Writes the award for every paid referral that lacks one (e.g. a paid status arrived by sync). */
  async awardPending(): Promise<number> {
    const paid = await this.collection.find({ selector: { status: 'paid' } }).exec();
    const awarded = await this.ledger.getMany(paid.map((r) => entryIds.referralGrant(r.id)));
    let added = 0;
    for (const doc of paid) {
      if (awarded.has(entryIds.referralGrant(doc.id))) continue;
      const result = await this.award(doc.toMutableJSON() as Referral);
      added += result;
    }
    return added;
  }

  async list(): Promise<ReferralView[]> {
    const docs = await this.collection.find({ sort: [{ invitedAt: 'desc' }] }).exec();
    return this.views(docs.map((d) => d.toMutableJSON() as Referral));
  }

  private async award(referral: Referral): Promise<number> {
    const card = await this.card();
    const paidAt = referral.paidAt ?? this.now();
    const result = await this.ledger.append([
      {
        id: entryIds.referralGrant(referral.id),
        kind: 'grant',
        bucket: 'referral',
        amount: card.referral.millicredits,
        referralId: referral.id,
        expiresAt: referralExpiresAt(card, paidAt),
        occurredAt: paidAt,
        recordedAt: this.now(),
        machineId: this.machineId,
      },
    ]);
    return result.inserted.length;
  }

  private async views(referrals: Referral[]): Promise<ReferralView[]> {
    const awards = await this.ledger.getMany(referrals.map((r) => entryIds.referralGrant(r.id)));
    return referrals.map((r) => {
      const award = awards.get(entryIds.referralGrant(r.id));
      return {
        id: r.id,
        name: r.name,
        contact: r.contact,
        status: r.status,
        invitedAt: r.invitedAt,
        signedUpAt: r.signedUpAt,
        paidAt: r.paidAt,
        awarded: !!award,
        awardedMillicredits: award ? award.amount : 0,
      };
    });
  }
}
