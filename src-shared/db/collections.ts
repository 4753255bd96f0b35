import type { RxJsonSchema } from 'rxdb';
import type { ActionKind } from '../pricing/actions';
import type { Bucket, LedgerEntry } from '../ledger/entry';
import type { Referral } from './referral';
import type { WorkspaceSettings } from './settings';
import type { Alert } from './alert';

/**
 * RxDB collection schemas: one definition used by the desktop database, the replication endpoint's
 * validation and the tests. Indexed fields are required, so ledger documents carry `bucket` and
 * `actionKind` as '' where a kind has none (see toLedgerDoc).
 */

export type LedgerDoc = Omit<LedgerEntry, 'bucket' | 'actionKind'> & {
  bucket: Bucket | '';
  actionKind: ActionKind | '';
} & Record<string, unknown>;

const MAX_MS = 8_640_000_000_000_000;
const time = { type: 'integer', minimum: 0, maximum: MAX_MS, multipleOf: 1 } as const;

export const ledgerSchema: RxJsonSchema<LedgerDoc> = {
  title: 'ledger',
  description: 'Append-only credit ledger entries (integer millicredits).',
  // 1: provenance stamped by the endpoint (tokenId, tokenLabel).
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 300 },
    kind: { type: 'string', enum: ['grant', 'usage', 'reversal', 'adjustment'], maxLength: 20 },
    bucket: { type: 'string', enum: ['', 'monthly', 'bundle', 'referral', 'manual'], maxLength: 20 },
    actionKind: { type: 'string', maxLength: 40 },
    amount: { type: 'integer' },
    occurredAt: time,
    recordedAt: { type: 'integer', minimum: 0 },
    machineId: { type: 'string', maxLength: 64 },
    tokenId: { type: 'string', maxLength: 64 },
    tokenLabel: { type: 'string', maxLength: 200 },
    expiresAt: { type: ['integer', 'null'] },
    tierId: { type: 'string' },
    cycleStart: { type: 'integer' },
    bundleId: { type: 'string' },
    purchaseId: { type: 'string' },
    priceMinor: { type: 'integer' },
    currency: { type: 'string' },
    quantity: { type: 'integer' },
    referralId: { type: 'string' },
    reason: { type: 'string' },
    action: { type: 'object' },
    ruleId: { type: 'string' },
    rateCardVersion: { type: 'string' },
    explanation: { type: 'string' },
    sourceEventId: { type: 'string' },
    source: { type: 'string' },
    usageId: { type: 'string' },
  },
  required: ['id', 'kind', 'bucket', 'actionKind', 'amount', 'occurredAt', 'recordedAt', 'machineId'],
  indexes: [
    'occurredAt',
    ['kind', 'occurredAt'],
    ['actionKind', 'occurredAt'],
    ['bucket', 'occurredAt'],
    ['machineId', 'occurredAt'],
  ],
  additionalProperties: false,
};

export const referralsSchema: RxJsonSchema<Referral> = {
  title: 'referrals',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 100 },
    name: { type: 'string' },
    contact: { type: 'string' },
    status: { type: 'string', enum: ['invited', 'signed_up', 'paid'], maxLength: 20 },
    invitedAt: time,
    signedUpAt: { type: ['integer', 'null'] },
    paidAt: { type: ['integer', 'null'] },
    updatedAt: { type: 'integer', minimum: 0 },
    machineId: { type: 'string' },
  },
  required: [
    'id',
    'name',
    'contact',
    'status',
    'invitedAt',
    'signedUpAt',
    'paidAt',
    'updatedAt',
    'machineId',
  ],
  indexes: [['status', 'invitedAt']],
  additionalProperties: false,
};

export const settingsSchema: RxJsonSchema<WorkspaceSettings> = {
  title: 'settings',
  // 1: the plan timeline's `plan` list (optional, so version-0 documents migrate unchanged).
  // 2: readable `machineNames` (optional, so version-1 documents migrate unchanged).
  version: 2,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 20 },
    tierId: { type: 'string' },
    anchorDay: { type: 'integer' },
    labelCount: { type: 'integer' },
    autoDraftAll: { type: 'boolean' },
    chatbotModel: { type: 'string' },
    alertThresholds: { type: 'array', items: { type: 'integer' } },
    rateCardVersion: { type: 'string' },
    fieldClock: { type: 'object' },
    machineNames: { type: 'object' },
    plan: {
      type: 'array',
      maxItems: 2000,
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', maxLength: 100 },
          decidedAt: time,
          tierId: { type: ['string', 'null'] },
          anchorDay: { type: ['integer', 'null'] },
          machineId: { type: 'string', maxLength: 64 },
        },
        required: ['id', 'decidedAt', 'tierId', 'anchorDay', 'machineId'],
        additionalProperties: false,
      },
    },
  },
  required: [
    'id',
    'tierId',
    'anchorDay',
    'labelCount',
    'autoDraftAll',
    'chatbotModel',
    'alertThresholds',
    'rateCardVersion',
    'fieldClock',
  ],
  additionalProperties: false,
};

export interface RateCardDoc {
  id: string;
  card: Record<string, unknown>;
  createdAt: number;
}

export const rateCardsSchema: RxJsonSchema<RateCardDoc> = {
  title: 'ratecards',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 100 },
    card: { type: 'object' },
    createdAt: { type: 'integer', minimum: 0 },
  },
  required: ['id', 'card', 'createdAt'],
  additionalProperties: false,
};

export const alertsSchema: RxJsonSchema<Alert> = {
  title: 'alerts',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 100 },
    cycleStart: time,
    threshold: { type: 'integer' },
    triggeredAt: { type: 'integer' },
    usedMillicredits: { type: 'integer' },
    grantMillicredits: { type: 'integer' },
    machineId: { type: 'string' },
  },
  required: [
    'id',
    'cycleStart',
    'threshold',
    'triggeredAt',
    'usedMillicredits',
    'grantMillicredits',
    'machineId',
  ],
  indexes: ['cycleStart'],
  additionalProperties: false,
};

export interface EstimateDoc {
  id: string;
  kind: 'documents' | 'website' | 'migration';
  title: string;
  createdAt: number;
  updatedAt: number;
  input: Record<string, unknown>;
  result: Record<string, unknown>;
}

export const estimatesSchema: RxJsonSchema<EstimateDoc> = {
  title: 'estimates',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 100 },
    kind: { type: 'string', enum: ['documents', 'website', 'migration'] },
    title: { type: 'string' },
    createdAt: { type: 'integer', minimum: 0 },
    updatedAt: time,
    input: { type: 'object' },
    result: { type: 'object' },
  },
  required: ['id', 'kind', 'title', 'createdAt', 'updatedAt', 'input', 'result'],
  indexes: ['updatedAt'],
  additionalProperties: false,
};

/** Collections replicated with the team endpoint, and how conflicts on each are resolved. */
export const SYNCED_COLLECTIONS = {
  ledger: { schema: ledgerSchema, merge: 'immutable' },
  referrals: { schema: referralsSchema, merge: 'referral-monotonic' },
  settings: { schema: settingsSchema, merge: 'field-lww' },
  ratecards: { schema: rateCardsSchema, merge: 'immutable' },
  alerts: { schema: alertsSchema, merge: 'immutable' },
} as const;
export type SyncedCollectionName = keyof typeof SYNCED_COLLECTIONS;
export const SYNCED_COLLECTION_NAMES = Object.keys(SYNCED_COLLECTIONS) as SyncedCollectionName[];

/** Collections that stay on one machine. */
export const LOCAL_COLLECTIONS = { estimates: { schema: estimatesSchema } } as const;
