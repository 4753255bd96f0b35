import { toLedgerDoc } from '../../../src-shared/db/ledger-doc';
import type { LedgerEntry } from '../../../src-shared/ledger/entry';
import type { Referral } from '../../../src-shared/db/referral';
import { SETTINGS_FIELDS, type WorkspaceSettings } from '../../../src-shared/db/settings';
import type { Alert } from '../../../src-shared/db/alert';
import { DEFAULT_RATE_CARD } from '../../../src-shared/pricing';

/** Valid documents of every synced collection, for tests and benchmarks. */

const T0 = Date.UTC(2025, 0, 1);

export function monthlyGrant(
  cycleStart: number,
  machineId: string,
  amount = 1_000_000,
): Record<string, unknown> {
  const entry: LedgerEntry = {
    id: `grant:monthly:${cycleStart}`,
    kind: 'grant',
    bucket: 'monthly',
    amount,
    tierId: 'pro',
    cycleStart,
    expiresAt: cycleStart + 30 * 86_400_000,
    occurredAt: cycleStart,
    recordedAt: Date.now(),
    machineId,
  };
  return toLedgerDoc(entry);
}

export function adjustment(
  id: string,
  amount: number,
  machineId: string,
  occurredAt = T0,
): Record<string, unknown> {
  const entry: LedgerEntry = {
    id: `adjustment:${id}`,
    kind: 'adjustment',
    amount: amount === 0 ? 1 : amount,
    reason: 'test correction',
    occurredAt,
    recordedAt: Date.now(),
    machineId,
  };
  return toLedgerDoc(entry);
}

export function usage(
  eventId: string,
  millicredits: number,
  machineId: string,
  occurredAt = T0,
): Record<string, unknown> {
  const entry: LedgerEntry = {
    id: `usage:${eventId}`,
    kind: 'usage',
    amount: -millicredits,
    action: { kind: 'ai_prioritize' },
    actionKind: 'ai_prioritize',
    ruleId: 'ai_prioritize:base',
    rateCardVersion: DEFAULT_RATE_CARD.version,
    explanation: 'AI prioritize ticket',
    sourceEventId: eventId,
    source: 'app',
    occurredAt,
    recordedAt: Date.now(),
    machineId,
  };
  return toLedgerDoc(entry);
}

/** A refund of `usageId` (the whole one by default; a part under `id` = reversal:<usage>:part:<uuid>). */
export function reversal(
  usageId: string,
  amount: number,
  machineId: string,
  occurredAt: number,
  id = `reversal:${usageId}`,
): Record<string, unknown> {
  const entry: LedgerEntry = {
    id,
    kind: 'reversal',
    amount,
    usageId,
    reason: 'refund',
    occurredAt,
    recordedAt: occurredAt,
    machineId,
  };
  return toLedgerDoc(entry);
}

export function referral(id: string, status: Referral['status'], at: number, machineId: string): Referral {
  return {
    id,
    name: `Referral ${id}`,
    contact: `${id}@example.com`,
    status,
    invitedAt: T0,
    signedUpAt: status === 'invited' ? null : at,
    paidAt: status === 'paid' ? at : null,
    updatedAt: at,
    machineId,
  };
}

export function settings(
  machineId: string,
  at: number,
  patch: Partial<WorkspaceSettings> = {},
): WorkspaceSettings {
  const base: WorkspaceSettings = {
    id: 'workspace',
    tierId: 'pro',
    anchorDay: 1,
    labelCount: 10,
    autoDraftAll: false,
    chatbotModel: 'gpt-4o-mini',
    alertThresholds: [50, 80, 100],
    rateCardVersion: DEFAULT_RATE_CARD.version,
    fieldClock: {},
    ...patch,
  };
  for (const field of SETTINGS_FIELDS) base.fieldClock[field] = { at, by: machineId };
  return base;
}

export function alert(cycleStart: number, threshold: number, machineId: string): Alert {
  return {
    id: `alert:${cycleStart}:${threshold}`,
    cycleStart,
    threshold,
    triggeredAt: cycleStart + threshold,
    usedMillicredits: threshold * 1000,
    grantMillicredits: 100_000,
    machineId,
  };
}

export function rateCardDoc(): Record<string, unknown> {
  return {
    id: DEFAULT_RATE_CARD.version,
    card: JSON.parse(JSON.stringify(DEFAULT_RATE_CARD)),
    createdAt: T0,
  };
}

export const wire = (doc: object) => ({ ...doc, _deleted: false });
