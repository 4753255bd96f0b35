import { createHash } from 'node:crypto';
import type { RxCollection } from 'rxdb';
import {
  referredWorkspaceKey,
  statusRank,
  type Referral,
  type ReferralStatus,
} from '../../../src-shared/db/referral';
import type { LedgerEntry } from '../../../src-shared/ledger/entry';
import { entryIds } from '../../../src-shared/ledger/ids';
import { isoDate } from '../../../src-shared/ledger/cycles';
import { referralExpiresAt, type RateCard } from '../../../src-shared/pricing';
import { ApiError } from '../../../src-shared/api/errors';
import type { ReferralView } from '../../../src-shared/api/views';
import type { LedgerCollection } from '../ledger/ledger-collection';

/**
 * The id of a referred workspace's referral: its key when short enough, else a hash of it. Two
 * machines adding the same company offline write one document, and so one award
 * (`grant:referral:<id>`), whatever the order they sync in.
 */
export function referralIdFor(key: string): string {
  const id = `ref:${key}`;
  return id.length <= 100 ? id : `ref:#${createHash('sha256').update(key).digest('hex')}`;
}

/** The correction that takes an award back; deterministic, so it happens once team-wide. */
export const revocationId = (referralId: string) => `adjustment:referral-revoked:${referralId}`;

/** RxDB reports a write against an existing id as CONFLICT (status 409). */
function isConflict(error: unknown): boolean {
  const e = error as { code?: string; status?: number } | null;
  return e?.code === 'CONFLICT' || e?.status === 409 || String(error).includes('CONFLICT');
}

/**
 * The referral pipeline (invited → signed up → paid). Reaching "paid" writes the award entry
 * `grant:referral:<id>`. One award per referred workspace (docs/decisions.md, "Referrals"): ids
 * come from the workspace key, adding a workspace that is already in the pipeline answers the
 * existing referral with a warning, and a referral whose workspace was already awarded under
 * another id (data from before keys) is not awarded again.
 */
export class ReferralService {
  constructor(
    private readonly collection: RxCollection<Referral>,
    private readonly ledger: LedgerCollection,
    private readonly card: () => Promise<RateCard>,
    private readonly machineId: string,
    private readonly now: () => number,
  ) {}

  async add(name: string, contact: string, requestId?: string): Promise<ReferralView> {
    if (requestId) {
      const existing = await this.collection.findOne(requestId).exec();
      if (existing) return (await this.views([existing.toMutableJSON() as Referral]))[0]!;
    }
    const key = referredWorkspaceKey(name, contact);
    const known = await this.findByKey(key);
    if (known) return this.duplicate(known);
    const at = this.now();
    const referral: Referral = {
      id: referralIdFor(key),
      name,
      contact,
      status: 'invited',
      invitedAt: at,
      signedUpAt: null,
      paidAt: null,
      updatedAt: at,
      machineId: this.machineId,
    };
    try {
      await this.collection.insert(referral);
    } catch (error) {
      // A concurrent add (another window, a sync pull) stored the same workspace first.
      if (!isConflict(error)) throw error;
      const stored = await this.collection.findOne(referral.id).exec();
      if (!stored)
        throw new ApiError('conflict', `Referral "${name}" was added at the same moment; reload the list.`);
      return this.duplicate(stored.toMutableJSON() as Referral);
    }
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
    let updated;
    try {
      updated = await doc.incrementalModify((data) => {
        const next = { ...data, updatedAt: Math.max(at, data.updatedAt), machineId: this.machineId };
        if (statusRank(status) > statusRank(data.status)) next.status = status;
        if (statusRank(status) >= 1 && next.signedUpAt === null) next.signedUpAt = at;
        if (statusRank(status) >= 2 && next.paidAt === null) next.paidAt = at;
        return next;
      });
    } catch (error) {
      if (!isConflict(error)) throw error;
      throw new ApiError(
        'conflict',
        `Referral "${doc.name}" changed on another machine meanwhile; try again.`,
      );
    }
    const referral = updated.toMutableJSON() as Referral;
    if (referral.status === 'paid') await this.award(referral);
    return (await this.views([referral]))[0]!;
  }

  /**
   * Takes back an award made by mistake: a negative correction of the award's amount out of
   * referral credits, under a deterministic id so it happens once, with the reason on the entry.
   */
  async revoke(id: string, reason: string): Promise<{ view: ReferralView; written: LedgerEntry | null }> {
    const doc = await this.collection.findOne(id).exec();
    if (!doc) throw new ApiError('not_found', `No referral with id ${id}.`);
    const referral = doc.toMutableJSON() as Referral;
    const award = (await this.ledger.getMany([entryIds.referralGrant(id)])).get(entryIds.referralGrant(id));
    if (!award) {
      throw new ApiError('bad_request', `Referral "${referral.name}" has no award to take back.`);
    }
    const existing = (await this.ledger.getMany([revocationId(id)])).get(revocationId(id));
    if (existing) return { view: (await this.views([referral]))[0]!, written: null };
    const entry: LedgerEntry = {
      id: revocationId(id),
      kind: 'adjustment',
      amount: -award.amount,
      bucket: 'referral',
      reason: `Referral award for ${referral.name} taken back: ${reason.trim()}`.slice(0, 500),
      // After the award in replay order (same-time entries sort by id, and "adjustment" < "grant").
      occurredAt: Math.max(this.now(), award.occurredAt + 1),
      recordedAt: this.now(),
      machineId: this.machineId,
    };
    const result = await this.ledger.append([entry]);
    return { view: (await this.views([referral]))[0]!, written: result.inserted[0] ?? null };
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

  private async findByKey(key: string): Promise<Referral | null> {
    const byId = await this.collection.findOne(referralIdFor(key)).exec();
    if (byId) return byId.toMutableJSON() as Referral;
    // Referrals added before ids came from the workspace key have random ids.
    const all = await this.collection.find().exec();
    const match = all.find((d) => referredWorkspaceKey(d.name, d.contact) === key);
    return match ? (match.toMutableJSON() as Referral) : null;
  }

  private async duplicate(existing: Referral): Promise<ReferralView> {
    const view = (await this.views([existing]))[0]!;
    const contact = existing.contact ? ` (${existing.contact})` : '';
    return {
      ...view,
      duplicateWarning: `${existing.name}${contact} is already in the pipeline since ${isoDate(existing.invitedAt)} (${existing.status.replace('_', ' ')}); nothing was added. A workspace earns one referral award.`,
    };
  }

  private async award(referral: Referral): Promise<number> {
    // Another referral of the same workspace (added before keys) may already hold the award.
    const key = referredWorkspaceKey(referral.name, referral.contact);
    const siblings = (await this.collection.find().exec())
      .filter((d) => d.id !== referral.id && referredWorkspaceKey(d.name, d.contact) === key)
      .map((d) => entryIds.referralGrant(d.id));
    if (siblings.length > 0 && (await this.ledger.getMany(siblings)).size > 0) return 0;
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
    const ids = referrals.flatMap((r) => [entryIds.referralGrant(r.id), revocationId(r.id)]);
    const entries = await this.ledger.getMany(ids);
    return referrals.map((r) => {
      const award = entries.get(entryIds.referralGrant(r.id));
      const revocation = entries.get(revocationId(r.id));
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
        workspaceKey: referredWorkspaceKey(r.name, r.contact),
        revoked:
          revocation && revocation.kind === 'adjustment'
            ? { reason: revocation.reason, at: revocation.occurredAt }
            : null,
        duplicateWarning: null,
      };
    });
  }
}
