/**
 * Where this storage meets RxDB's generics. Inside, every collection is handled alike: a document is a
 * JSON object (StoredDoc) and a schema is any collection's (AnySchema). RxDB's interfaces are generic in
 * the document type and its helpers want their own narrow types, so every cast between the two is here,
 * once, instead of `as never` at each call.
 */
import type {
  BulkWriteRow,
  CategorizeBulkWriteRowsOutput,
  EventBulk,
  PreparedQuery,
  RxDocumentData,
  RxJsonSchema,
  RxStorage,
  RxStorageBulkWriteResponse,
  RxStorageChangeEvent,
  RxStorageDefaultCheckpoint,
  RxStorageInstance,
  RxStorageInstanceCreationParams,
  RxStorageWriteError,
} from 'rxdb';
import {
  categorizeBulkWriteRows,
  getIndexMeta,
  getPrimaryFieldOfPrimaryKey,
  getQueryMatcher,
  getSchemaByObjectPath,
  getSortComparator,
  getStartIndexStringFromLowerBound,
  getStartIndexStringFromUpperBound,
} from 'rxdb';
import type { Observable } from 'rxjs';

export type StoredDoc = RxDocumentData<Record<string, unknown>>;
export type StoredRow = BulkWriteRow<Record<string, unknown>>;
export type AnySchema = RxJsonSchema<unknown>;
export type AnyQuery = PreparedQuery<unknown>;
export type WriteError = RxStorageWriteError<Record<string, unknown>>;
export type ChangeBulk = EventBulk<RxStorageChangeEvent<StoredDoc>, { id: string; lwt: number }>;

// RxDB's helpers, called with any collection's schema and documents.

export function primaryPathOf(schema: AnySchema): string {
  return getPrimaryFieldOfPrimaryKey(schema.primaryKey as never) as string;
}

/** The JSON schema of one (dotted) field; empty when the schema does not describe it. */
export function fieldSchema(schema: AnySchema, path: string): Record<string, unknown> {
  return (getSchemaByObjectPath(schema as never, path) ?? {}) as Record<string, unknown>;
}

export function indexMeta(schema: AnySchema, fields: readonly string[]) {
  return getIndexMeta(schema as never, fields as string[]);
}

/** RxDB's index string of one field's query bound, so our keys clamp and round exactly as RxDB's. */
export function fieldBoundString(schema: AnySchema, field: string, key: unknown, upper: boolean): string {
  return upper
    ? getStartIndexStringFromUpperBound(schema as never, [field], [key as never])
    : getStartIndexStringFromLowerBound(schema as never, [field], [key as never]);
}

export function queryMatcher(schema: AnySchema, query: AnyQuery['query']): (doc: StoredDoc) => boolean {
  return getQueryMatcher(schema as never, query as never) as (doc: StoredDoc) => boolean;
}

export function sortComparator(
  schema: AnySchema,
  query: AnyQuery['query'],
): (a: StoredDoc, b: StoredDoc) => number {
  return getSortComparator(schema as never, query as never) as (a: StoredDoc, b: StoredDoc) => number;
}

export type Categorized = CategorizeBulkWriteRowsOutput<Record<string, unknown>>;

export function categorizeRows(
  storageInstance: { schema: unknown },
  primaryPath: string,
  stored: Map<string, StoredDoc>,
  rows: readonly StoredRow[],
  context: string,
): Categorized {
  return categorizeBulkWriteRows(
    storageInstance as never,
    primaryPath as never,
    stored,
    rows as StoredRow[],
    context,
  );
}

// The instance's document type parameter, narrowed to what is stored and widened back for RxDB.

export const asStoredRows = <T>(rows: BulkWriteRow<T>[]): StoredRow[] => rows as never;
export const asAnySchema = <T>(schema: RxJsonSchema<RxDocumentData<T>>): AnySchema => schema as never;
export const asAnyQuery = <T>(prepared: PreparedQuery<T>): AnyQuery => prepared as never;
export const asDocs = <T>(docs: StoredDoc[]): RxDocumentData<T>[] => docs as never;
export const asStoredVisitor = <T>(visit: (doc: RxDocumentData<T>) => void): ((doc: StoredDoc) => void) =>
  visit as never;
export const asWriteResponse = <T>(errors: WriteError[]): RxStorageBulkWriteResponse<T> =>
  ({ error: errors }) as never;
export const asChangeStream = <T>(
  changes: Observable<ChangeBulk>,
): Observable<EventBulk<RxStorageChangeEvent<RxDocumentData<T>>, RxStorageDefaultCheckpoint>> =>
  changes as never;

/** RxDB asks for an instance per document type; this storage serves every type with the same code. */
export function forEveryDocType<Internals, Options>(
  create: (
    params: RxStorageInstanceCreationParams<unknown, Options>,
  ) => Promise<RxStorageInstance<unknown, Internals, Options>>,
): RxStorage<Internals, Options>['createStorageInstance'] {
  return create as never;
}
