import type { ReferralMethods } from '../../../src-shared/api/referrals';
import type { HandlerTable } from '../api/dispatcher';
import type { LedgerService } from '../ledger/ledger-service';
import type { ReferralService } from './referral-service';

export interface ReferralHandlerDeps {
  referrals: ReferralService;
  ledger: Pick<LedgerService, 'accept'>;
}

export function referralHandlers({
  referrals,
  ledger,
}: ReferralHandlerDeps): HandlerTable<keyof ReferralMethods> {
  return {
    listReferrals: () => referrals.list(),
    addReferral: ({ name, contact, requestId }) => referrals.add(name, contact, requestId),
    advanceReferral: ({ id, status }) => referrals.advance(id, status),
    revokeReferralAward: async ({ id, reason }) => {
      const { view, written: entry } = await referrals.revoke(id, reason);
      if (entry) ledger.accept([entry]);
      return view;
    },
  };
}
