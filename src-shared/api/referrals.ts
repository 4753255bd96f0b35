import { z } from 'zod';
import { referralStatusSchema, type ReferralStatus } from '../db/referral';
import { empty, method, reason, requestId } from './method';

/** The referral pipeline and its awards. */

export interface ReferralView {
  id: string;
  name: string;
  contact: string;
  status: ReferralStatus;
  invitedAt: number;
  signedUpAt: number | null;
  paidAt: number | null;
  awarded: boolean;
  awardedMillicredits: number;
  /** What identifies the referred workspace (one award each): `domain:acme.com`, `email:…`, `name:…`. */
  workspaceKey?: string;
  /** An award taken back: the reason given and when. */
  revoked?: { reason: string; at: number } | null;
  /** Set when an add found the workspace already in the pipeline: nothing was added, this is that one. */
  duplicateWarning?: string | null;
}

export const referralMethods = {
  listReferrals: method<ReferralView[]>()(empty),
  addReferral: method<ReferralView>()(
    z.strictObject({
      name: z.string().trim().min(1).max(200),
      contact: z.string().trim().max(200).default(''),
      requestId,
    }),
  ),
  advanceReferral: method<ReferralView>()(
    z.strictObject({ id: z.string().min(1).max(100), status: referralStatusSchema }),
  ),
  /** Takes back an award made by mistake: a correction out of referral credits, once, with the reason. */
  revokeReferralAward: method<ReferralView>()(z.strictObject({ id: z.string().min(1).max(100), reason })),
} as const;
export type ReferralMethods = typeof referralMethods;

export interface ReferralEvents {
  referralsChanged: { count: number };
}
