import { getValidator } from 'rxdb/plugins/validate-ajv';
import type { z } from 'zod';
import { SYNCED_COLLECTIONS, type SyncedCollectionName } from '../src-shared/db/collections';
import { canonicalJson, fromLedgerDoc, toLedgerDoc } from '../src-shared/db/ledger-doc';
import { referralSchema } from '../src-shared/db/referral';
import { workspaceSettingsSchema } from '../src-shared/db/settings';
import { alertSchema } from '../src-shared/db/alert';
import { rateCardSchema } from '../src-shared/pricing';
import { LOCAL_META_KEYS, type WireDoc } from '../src-shared/sync/protocol';
import { describeIssues, errorMessage } from '../src-shared/error-text';

/**
 * Server-side document validation: the same RxDB JSON schema the clients' collections use, then the
 * shared zod schema of the fact, so a document the desktop app would refuse never reaches a team.
 */

type Check = (doc: Record<string, unknown>) => string | null;

const zodCheck =
  (schema: z.ZodType): Check =>
  (doc) => {
    const result = schema.safeParse(doc);
    if (result.success) return null;
    return describeIssues(result.error.issues, '(document)');
  };

/** A ledger document must round-trip through the entry schema, including the '' placeholders. */
const ledgerCheck: Check = (doc) => {
  let entry;
  try {
    entry = fromLedgerDoc(doc);
  } catch (error) {
    const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
    return issues ? describeIssues(issues, '(entry)') : errorMessage(error);
  }
  if (canonicalJson(toLedgerDoc(entry)) !== canonicalJson(doc)) {
    return "bucket and actionKind must be '' where the entry's kind has none";
  }
  return null;
};

const cardCheck = zodCheck(rateCardSchema);
const rateCardCheck: Check = (doc) => {
  const problem = cardCheck(doc.card as Record<string, unknown>);
  if (problem) return `card.${problem}`;
  const version = (doc.card as { version: string }).version;
  return version === doc.id
    ? null
    : `card.version "${version}" must equal the document id "${String(doc.id)}"`;
};

const factChecks: Record<SyncedCollectionName, Check> = {
  ledger: ledgerCheck,
  referrals: zodCheck(referralSchema),
  settings: zodCheck(workspaceSettingsSchema),
  alerts: zodCheck(alertSchema),
  ratecards: rateCardCheck,
};

const jsonChecks = new Map<
  SyncedCollectionName,
  (doc: unknown) => { instancePath: string; message?: string }[]
>();

function jsonSchemaCheck(name: SyncedCollectionName, doc: Record<string, unknown>): string | null {
  let check = jsonChecks.get(name);
  if (!check) {
    check = getValidator(SYNCED_COLLECTIONS[name].schema as never) as typeof check & object;
    jsonChecks.set(name, check);
  }
  const errors = check(doc);
  if (errors.length === 0) return null;
  return errors.map((e) => `${e.instancePath || '(document)'} ${e.message ?? 'is invalid'}`).join('; ');
}

export function isSyncedCollection(name: string): name is SyncedCollectionName {
  return Object.hasOwn(SYNCED_COLLECTIONS, name);
}

/** The document's own fields: RxDB's per-machine meta and the deletion flag removed. */
export function docFields(doc: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (key === '_deleted' || (LOCAL_META_KEYS as readonly string[]).includes(key)) continue;
    fields[key] = value;
  }
  return fields;
}

/** The stored, canonical form of a wire document: fields in sorted order plus `_deleted`. */
export function canonicalWire(doc: Record<string, unknown>): string {
  return canonicalJson({ ...docFields(doc), _deleted: doc._deleted === true });
}

/**
 * Checks one incoming document. Returns the problem in words, or null when the document is valid.
 * A deletion only needs its id: synced collections never delete (see decisions), so it is refused
 * later as a conflict, not validated as content.
 */
export function validateDocument(name: SyncedCollectionName, doc: unknown): string | null {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return 'must be a JSON object';
  const record = doc as Record<string, unknown>;
  if (typeof record._deleted !== 'boolean') return '_deleted must be true or false';
  if (typeof record.id !== 'string' || record.id.length === 0) return 'id must be a non-empty string';
  const attachments = record._attachments;
  if (
    attachments !== undefined &&
    (typeof attachments !== 'object' || Object.keys(attachments ?? {}).length > 0)
  ) {
    return 'attachments are not synced';
  }
  if (record._deleted) return null;
  const fields = docFields(record);
  return jsonSchemaCheck(name, fields) ?? factChecks[name](fields);
}

export function asWireDoc(doc: Record<string, unknown>): WireDoc {
  return { ...docFields(doc), _deleted: doc._deleted === true } as WireDoc;
}
