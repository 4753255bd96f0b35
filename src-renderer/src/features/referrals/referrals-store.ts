import { create } from 'zustand';
import type { ReferralView } from '../../../../src-shared/api';
import type { ReferralStatus } from '../../../../src-shared/db/referral';
import { api } from '../../api/current';
import { idle, refreshInto, type Remote } from '../../lib/remote';
import { toast } from '../../stores/toast-store';
import { refreshOn } from '../../stores/live-events';
import { actionRunner } from '../../stores/run-action';

interface ReferralsState {
  remote: Remote<ReferralView[]>;
  /** Id of the referral whose command is running ('new' while adding). */
  busy: string | null;
  actionError: string | null;
  load(): Promise<void>;
  refresh(): Promise<void>;
  /** `requestId` names this invitation: a retry of the same form adds it once. */
  add(name: string, contact: string, requestId: string): Promise<boolean>;
  advance(id: string, status: ReferralStatus): Promise<boolean>;
  /** Takes back an award made by mistake, with the reason (a correction out of referral credits). */
  revoke(id: string, reason: string): Promise<boolean>;
}

/** The referral pipeline; refreshed by referralsChanged (here or from another machine). */
export const useReferralsStore = create<ReferralsState>()((set, get) => {
  const refresh = refreshInto(get, set, 'remote', () => api().listReferrals({}));
  const run = actionRunner(set, { busy: 'busy', error: 'actionError', idle: null });
  const act = async (busy: string, call: () => Promise<ReferralView>, done: (r: ReferralView) => string) => {
    const outcome = await run(busy, call);
    if (!outcome.ok) return false;
    const referral = outcome.value;
    // A workspace already in the pipeline: nothing was added, say which one it is.
    if (referral.duplicateWarning) toast.info(referral.duplicateWarning);
    else toast.success(done(referral));
    await refresh();
    return true;
  };
  return {
    remote: idle(),
    busy: null,
    actionError: null,
    load: async () => {
      if (get().remote.status === 'idle') await refresh();
    },
    refresh,
    add: (name, contact, requestId) =>
      act(
        'new',
        () => api().addReferral({ name, contact, requestId }),
        (r) => `Invited ${r.name}.`,
      ),
    advance: (id, status) =>
      act(
        id,
        () => api().advanceReferral({ id, status }),
        (r) => (r.status === 'paid' ? `${r.name} went paid.` : `${r.name} signed up.`),
      ),
    revoke: (id, reason) =>
      act(
        id,
        () => api().revokeReferralAward({ id, reason }),
        (r) => `The award for ${r.name} was taken back.`,
      ),
  };
});
refreshOn(['referralsChanged'], useReferralsStore);
