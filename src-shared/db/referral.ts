import { z } from 'zod';

export const REFERRAL_STATUSES = ['invited', 'signed_up', 'paid'] as const;
export const referralStatusSchema = z.enum(REFERRAL_STATUSES);
export type ReferralStatus = z.infer<typeof referralStatusSchema>;

const millis = z.number().int().min(0).max(8_640_000_000_000_000);

/**
 * A referred account moving through the pipeline. "Awarded" is not a status: it is the existence of
 * the ledger entry `grant:referral:<id>`, so two machines marking the same referral paid award once.
 */
export const referralSchema = z.strictObject({
  id: z.string().min(1).max(100),
  name: z.string().trim().min(1).max(200),
  contact: z.string().max(200),
  status: referralStatusSchema,
  invitedAt: millis,
  signedUpAt: millis.nullable(),
  paidAt: millis.nullable(),
  updatedAt: millis,
  machineId: z.string().min(1).max(64),
});
export type Referral = z.infer<typeof referralSchema>;

const rank: Record<ReferralStatus, number> = { invited: 0, signed_up: 1, paid: 2 };

export function statusRank(status: ReferralStatus): number {
  return rank[status];
}

/**
 * Whether `after` would take back progress `before` had: a lower status or a milestone time
 * dropped. The endpoint refuses such a write as a conflict, so the writer merges instead.
 */
export function referralRegresses(before: Referral, after: Referral): boolean {
  return (
    rank[after.status] < rank[before.status] ||
    (before.signedUpAt !== null && after.signedUpAt === null) ||
    (before.paidAt !== null && after.paidAt === null)
  );
}

const earliest = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.min(a, b);

/**
 * Merges two copies of a referral so that status only moves forward (paid beats signed up) and each
 * milestone keeps the earliest time any machine saw it. Commutative, associative and idempotent,
 * which is what makes it safe as a replication conflict handler.
 */
export function mergeReferrals(a: Referral, b: Referral): Referral {
  const newer =
    b.updatedAt > a.updatedAt || (b.updatedAt === a.updatedAt && b.machineId > a.machineId) ? b : a;
  return {
    ...newer,
    status: rank[a.status] >= rank[b.status] ? a.status : b.status,
    invitedAt: Math.min(a.invitedAt, b.invitedAt),
    signedUpAt: earliest(a.signedUpAt, b.signedUpAt),
    paidAt: earliest(a.paidAt, b.paidAt),
    updatedAt: Math.max(a.updatedAt, b.updatedAt),
  };
}

/** Free mail providers: an address there names a person, not a company, so the whole address is the key. */
const SHARED_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'yandex.ru',
  'mail.ru',
  'qq.com',
  '163.com',
]);

const EMAIL = /^[^\s@]+@([^\s@]+\.[^\s@]+)$/;

/**
 * What identifies a referred workspace, so it is awarded at most once (docs/decisions.md,
 * "Referrals"): a company email's domain (`domain:acme.com`), a free-mail address itself
 * (`email:jo@gmail.com`, +tags dropped), a web address's host without `www.`, and otherwise the
 * name, case-folded with punctuation and spacing removed (`name:acmeinc`).
 */
export function referredWorkspaceKey(name: string, contact: string): string {
  const c = contact.normalize('NFKC').trim().toLowerCase();
  const email = EMAIL.exec(c);
  if (email) {
    const domain = email[1]!.replace(/\.$/, '');
    if (!SHARED_MAIL_DOMAINS.has(domain)) return `domain:${domain}`;
    const local = c.slice(0, c.indexOf('@')).replace(/\+.*$/, '');
    return `email:${local}@${domain}`;
  }
  if (c !== '' && !/\s/.test(c)) {
    try {
      const host = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(c) ? c : `https://${c}`).hostname.replace(
        /^www\./,
        '',
      );
      if (host.includes('.')) return `domain:${host.replace(/\.$/, '')}`;
    } catch {
      // Not a web address: fall through to the name.
    }
  }
  const folded = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
  return `name:${folded}`;
}
