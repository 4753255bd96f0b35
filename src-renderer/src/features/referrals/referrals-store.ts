import { create } from 'zustand';
import type { ReferralView } from '../../../../src-shared/api';
import type { ReferralStatus } from '../../../../src-shared/db/referral';
import { api } from '../../api/bridge';
import { coalesce, idle, type Remote } from '../../lib/remote';
import { messageOf } from '../../lib/errors';
import { toast } from '../../stores/toast-store';

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
  const refresh = coalesce(async () => {
    const before = get().remote;
    if (before.status !== 'ready') set({ remote: { status: 'loading', data: before.data, error: null } });
    try {
      set({ remote: { status: 'ready', data: await api.listReferrals({}), error: null } });
    } catch (error) {
      set({ remote: { status: 'error', data: get().remote.data, error: messageOf(error) } });
    }
  });
  const act = async (busy: string, call: () => Promise<ReferralView>, done: (r: ReferralView) => string) => {
    set({ busy, actionError: null });
    try {
      const referral = await call();
      set({ busy: null });
      // A workspace already in the pipeline: nothing was added, say which one it is.
      if (referral.duplicateWarning) toast.info(referral.duplicateWarning);
      else toast.success(done(referral));
      await refresh();
      return true;
    } catch (error) {
      set({ busy: null, actionError: messageOf(error) });
      return false;
    }
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
        () => api.addReferral({ name, contact, requestId }),
        (r) => `Invited ${r.name}.`,
      ),
    advance: (id, status) =>
      act(
        id,
        () => api.advanceReferral({ id, status }),
        (r) => (r.status === 'paid' ? `${r.name} went paid.` : `${r.name} signed up.`),
      ),
    revoke: (id, reason) =>
      act(
        id,
        () => api.revokeReferralAward({ id, reason }),
        (r) => `The award for ${r.name} was taken back.`,
      ),
  };
});
