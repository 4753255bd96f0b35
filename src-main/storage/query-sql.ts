/**
 * Runs RxDB's query plan as a SQL range scan on the plan's index column. The plan's startKeys/endKeys
 * become key bounds (see index-encoding.ts), so SQLite reads only the index range; only what the plan
 * says the index cannot satisfy (selectorSatisfiedByIndex / sortSatisfiedByIndex false) is matched or
 * sorted in JavaScript, with RxDB's own matcher and comparator so results equal the memory storage's.
 */
import type { PreparedQuery, RxDocumentData, RxJsonSchema } from 'rxdb';
import { getQueryMatcher, getSortComparator } from 'rxdb';
import { statement, type CollectionTable, type IndexColumn } from './collection-table';
import { SqliteStorageError } from './errors';

type Doc = RxDocumentData<Record<string, unknown>>;

interface Range {
  index: IndexColumn;
  where: string;
  params: Buffer[];
}

function rangeOf(table: CollectionTable, prepared: PreparedQuery<unknown>): Range {
  const plan = prepared.queryPlan;
  const key = (plan.index as string[]).join(',');
  const index = table.byKey.get(key);
  if (!index) {
    throw new SqliteStorageError(
      'UNKNOWN_INDEX',
      `Collection "${table.collectionName}" has no index [${key}], which the query asked for. Add it to the ` +
        "schema's indexes (with a new schema version) or remove the query's index hint.",
    );
  }
  const lower = index.encoder.lowerBound(plan.startKeys);
  const upper = index.encoder.upperBound(plan.endKeys);
  const lowerOp = plan.inclusiveStart ? '>=' : '>';
  const upperOp = plan.inclusiveEnd ? '<=' : '<';
  return {
    index,
    where: `${index.column} ${lowerOp} ? AND ${index.column} ${upperOp} ?`,
    params: [lower, upper],
  };
}

function rangeSql(table: CollectionTable, range: Range, limited: boolean): string {
  return (
    `SELECT data FROM ${table.docs} WHERE ${range.where} ORDER BY ${range.index.column}` +
    (limited ? ' LIMIT ? OFFSET ?' : '')
  );
}

export function runQuery(
  table: CollectionTable,
  schema: RxJsonSchema<unknown>,
  prepared: PreparedQuery<unknown>,
): Doc[] {
  const { query, queryPlan } = prepared;
  const skip = query.skip ?? 0;
  const limit = typeof query.limit === 'number' ? query.limit : Infinity;
  const range = rangeOf(table, prepared);
  const inSql = queryPlan.selectorSatisfiedByIndex && queryPlan.sortSatisfiedByIndex;
  const st = statement(table, `q:${range.where}:${inSql}`, () => rangeSql(table, range, inSql)).pluck();

  if (inSql) {
    const rows = st.all(...range.params, limit === Infinity ? -1 : limit, skip) as string[];
    return rows.map((json) => JSON.parse(json) as Doc);
  }

  const matches = queryPlan.selectorSatisfiedByIndex
    ? undefined
    : getQueryMatcher(schema as never, query as never);
  const wanted = skip + limit;
  let docs: Doc[] = [];
  for (const json of st.iterate(...range.params) as IterableIterator<string>) {
    const doc = JSON.parse(json) as Doc;
    if (matches && !matches(doc as never)) continue;
    docs.push(doc);
    // In index order the first skip+limit matches are the answer; stopping here avoids reading the rest.
    if (queryPlan.sortSatisfiedByIndex && docs.length >= wanted) break;
  }
  if (!queryPlan.sortSatisfiedByIndex) docs.sort(getSortComparator(schema as never, query as never) as never);
  if (skip > 0 || docs.length > wanted) docs = docs.slice(skip, wanted);
  return docs;
}

/**
 * The query's documents handed to `visit` one at a time as each row is read, in the query's order;
 * returns how many. The same documents as runQuery, but a bulk read of a million rows never holds
 * more than one row's text and object at once, so they die young instead of filling the old heap.
 */
export function scanQuery(
  table: CollectionTable,
  schema: RxJsonSchema<unknown>,
  prepared: PreparedQuery<unknown>,
  visit: (doc: Doc) => void,
): number {
  const { query, queryPlan } = prepared;
  const inSql = queryPlan.selectorSatisfiedByIndex && queryPlan.sortSatisfiedByIndex;
  if (!inSql) {
    // Matching or sorting in JavaScript needs the documents together anyway.
    const docs = runQuery(table, schema, prepared);
    for (const doc of docs) visit(doc);
    return docs.length;
  }
  const range = rangeOf(table, prepared);
  const limit = typeof query.limit === 'number' ? query.limit : -1;
  const st = statement(table, `q:${range.where}:true`, () => rangeSql(table, range, true)).pluck();
  let n = 0;
  for (const json of st.iterate(...range.params, limit, query.skip ?? 0) as IterableIterator<string>) {
    visit(JSON.parse(json) as Doc);
    n++;
  }
  return n;
}

/** Counts the query's matches; skip and limit apply, so count equals query().documents.length. */
export function runCount(
  table: CollectionTable,
  schema: RxJsonSchema<unknown>,
  prepared: PreparedQuery<unknown>,
): number {
  const { query, queryPlan } = prepared;
  const skip = query.skip ?? 0;
  const limit = typeof query.limit === 'number' ? query.limit : Infinity;
  const range = rangeOf(table, prepared);
  let total: number;
  if (queryPlan.selectorSatisfiedByIndex) {
    total = statement(
      table,
      `c:${range.where}`,
      () => `SELECT count(*) FROM ${table.docs} WHERE ${range.where}`,
    )
      .pluck()
      .get(...range.params) as number;
  } else {
    const matches = getQueryMatcher(schema as never, query as never);
    const st = statement(table, `q:${range.where}:false`, () => rangeSql(table, range, false)).pluck();
    total = 0;
    for (const json of st.iterate(...range.params) as IterableIterator<string>) {
      if (matches(JSON.parse(json) as never)) total++;
    }
  }
  return Math.max(0, Math.min(total - skip, limit));
}

/** SQLite's EXPLAIN QUERY PLAN for the statement a query runs; lets tests prove no full-table scan. */
export function explainQuery(
  table: CollectionTable,
  prepared: PreparedQuery<unknown>,
  op: 'query' | 'count',
): string[] {
  const { queryPlan } = prepared;
  const range = rangeOf(table, prepared);
  const inSql = queryPlan.selectorSatisfiedByIndex && queryPlan.sortSatisfiedByIndex;
  const sql =
    op === 'count' && queryPlan.selectorSatisfiedByIndex
      ? `SELECT count(*) FROM ${table.docs} WHERE ${range.where}`
      : rangeSql(table, range, op === 'query' && inSql);
  const params: unknown[] = [...range.params];
  if (op === 'query' && inSql) params.push(-1, 0);
  const rows = table.conn.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
  return rows.map((r) => r.detail);
}
