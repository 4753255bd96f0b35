import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SYNCED_COLLECTION_NAMES, type SyncedCollectionName } from '../../src-shared/db/collections';
import { badRequest, HttpError } from '../errors';
import type { Limits } from '../options';
import {
  EPOCH_CHANGED,
  PER_DOCUMENT_REFUSALS,
  type PushRefusal,
  type PushRow,
} from '../../src-shared/sync/protocol';
import type { PreparedRow, TeamDatabase } from '../store/types';
import type { StreamHub } from '../stream-hub';
import { bearerToken } from '../auth';
import { canonicalWire, isSyncedCollection, validateDocument } from '../validate';
import { checkedWrite } from '../checked-write';
import { pullBody } from '../pull-body';
import { StreamSession } from '../stream-session';

type NameParams = { Params: { name: string } };

export function collectionOf(request: FastifyRequest<NameParams>): SyncedCollectionName {
  const { name } = request.params;
  if (!isSyncedCollection(name)) {
    throw new HttpError(
      404,
      `unknown collection "${name}"; synced collections are ${SYNCED_COLLECTION_NAMES.join(', ')}`,
    );
  }
  return name;
}

function nonNegativeInteger(raw: unknown, what: string): number {
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw))
    throw badRequest(`${what} must be a non-negative integer`);
  return Number(raw);
}

/** The pull checkpoint: the `{"seq":n,"epoch":…}` a pull answered (JSON), or its bare seq. */
export function parseCheckpoint(raw: unknown): { seq: number; epoch?: unknown } {
  if (typeof raw === 'string' && raw.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw badRequest('checkpoint must be the {"seq":n} a pull answered, or n');
    }
    const { seq, epoch } = (parsed ?? {}) as { seq?: unknown; epoch?: unknown };
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0)
      throw badRequest('checkpoint.seq must be a non-negative integer');
    return { seq, epoch };
  }
  return { seq: nonNegativeInteger(raw, 'checkpoint') };
}

export function checkQuery(query: unknown, allowed: string[]): Record<string, unknown> {
  const record = (query ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key))
      throw badRequest(`unknown query parameter "${key}"; allowed: ${allowed.join(', ')}`);
    if (Array.isArray(record[key])) throw badRequest(`query parameter "${key}" is given more than once`);
  }
  return record;
}

interface PreparedPush {
  rows: PreparedRow[];
  /** Each prepared row's position in the pushed array, by document id (unique within a push). */
  indexOf: Map<string, number>;
  /** Rows refused on their own; the caller decides whether one refusal refuses the whole push. */
  refused: (PushRefusal & { batchMessage: string })[];
}

function prepareRows(collection: SyncedCollectionName, body: unknown, limits: Limits): PreparedPush {
  if (!Array.isArray(body)) {
    throw badRequest('push body must be a JSON array of {assumedMasterState?, newDocumentState} rows');
  }
  if (body.length > limits.pushRows) {
    throw new HttpError(413, `a push may carry at most ${limits.pushRows} rows; this one has ${body.length}`);
  }
  const seen = new Set<string>();
  const prepared: PreparedPush = { rows: [], indexOf: new Map(), refused: [] };
  body.forEach((row: unknown, index) => {
    const at = `rows[${index}]`;
    // `where` names the part of the row for a whole-push refusal; a per-document refusal has the index.
    const refuse = (where: string, problem: string, id: unknown = null) =>
      prepared.refused.push({
        index,
        id: typeof id === 'string' ? id : null,
        statusCode: 400,
        message: problem,
        batchMessage: `${at}${where}${problem}`,
      });
    if (row === null || typeof row !== 'object' || Array.isArray(row))
      return refuse(' ', 'must be an object');
    const { newDocumentState, assumedMasterState, ...rest } = row as Record<string, unknown>;
    const claimedId = (newDocumentState as { id?: unknown } | null)?.id;
    const extra = Object.keys(rest);
    if (extra.length > 0) return refuse(' ', `has unknown field(s) ${extra.join(', ')}`, claimedId);
    const problem = validateDocument(collection, newDocumentState);
    if (problem) return refuse('.newDocumentState: ', problem, claimedId);
    const doc = newDocumentState as PushRow['newDocumentState'];
    if (assumedMasterState !== undefined && assumedMasterState !== null) {
      const assumed = assumedMasterState as Record<string, unknown>;
      if (typeof assumed !== 'object' || Array.isArray(assumed))
        return refuse('.assumedMasterState ', 'must be an object', doc.id);
      if (assumed.id !== doc.id)
        return refuse('.assumedMasterState.id ', 'must equal newDocumentState.id', doc.id);
    }
    if (seen.has(doc.id))
      return refuse(' ', `repeats document id "${doc.id}"; send each document once per push`, doc.id);
    seen.add(doc.id);
    prepared.indexOf.set(doc.id, index);
    prepared.rows.push({
      id: doc.id,
      body: canonicalWire(doc),
      row: {
        newDocumentState: doc,
        assumedMasterState: (assumedMasterState ?? undefined) as PushRow['assumedMasterState'],
      },
    });
  });
  return prepared;
}

/**
 * A pull's checkpoint must come from the store's current history: after a restore (new epoch) or with a
 * seq beyond the team's head, the seq numbers it names were reused or lost, so the client starts over.
 */
export async function checkEpoch(store: TeamDatabase, teamId: string, after: number | null, epoch: unknown) {
  const position = await store.position(teamId);
  if (typeof epoch === 'string' && (epoch !== position.epoch || (after ?? 0) > position.head)) {
    throw new HttpError(
      409,
      "this checkpoint belongs to an earlier history of the endpoint's store (restored from a backup or recreated); pull again from the start and push every local document",
      { code: EPOCH_CHANGED, epoch: position.epoch },
    );
  }
  return position.epoch;
}

export function registerReplicationRoutes(
  app: FastifyInstance,
  store: TeamDatabase,
  limits: Limits,
  hub: StreamHub,
): void {
  app.get<NameParams>('/v1/collections/:name/pull', async (request, reply) => {
    const collection = collectionOf(request);
    const query = checkQuery(request.query, ['checkpoint', 'limit', 'epoch']);
    const checkpoint =
      query.checkpoint === undefined || query.checkpoint === '' ? null : parseCheckpoint(query.checkpoint);
    const after = checkpoint?.seq ?? null;
    let limit = limits.pullLimitDefault;
    if (query.limit !== undefined) {
      limit = nonNegativeInteger(query.limit, 'limit');
      // Never shrink a batch silently: RxDB reads a short batch as "nothing more to pull".
      if (limit < 1 || limit > limits.pullLimitMax)
        throw badRequest(`limit must be between 1 and ${limits.pullLimitMax}`);
    }
    const epoch = await checkEpoch(store, request.auth.teamId, after, query.epoch ?? checkpoint?.epoch);
    const rows = await store.pull(request.auth.teamId, collection, after ?? 0, limit);
    reply.type('application/json; charset=utf-8');
    return pullBody(rows, after, epoch);
  });

  app.post<NameParams>('/v1/collections/:name/push', async (request, reply) => {
    const collection = collectionOf(request);
    const query = checkQuery(request.query, ['refusals']);
    // Opt-in, because a client that cannot hear about a refused row would take it as stored.
    if (query.refusals !== undefined && query.refusals !== PER_DOCUMENT_REFUSALS)
      throw badRequest(`refusals must be "${PER_DOCUMENT_REFUSALS}"`);
    const perDocument = query.refusals === PER_DOCUMENT_REFUSALS;
    const prepared = prepareRows(collection, request.body, limits);
    if (!perDocument && prepared.refused.length > 0) throw badRequest(prepared.refused[0]!.batchMessage);
    const refused = prepared.refused.map(({ batchMessage: _, ...r }): PushRefusal => r);
    let rows: PreparedRow[] = prepared.rows;
    let result: { conflicts: string[] } = { conflicts: [] };
    while (rows.length > 0) {
      try {
        result = await checkedWrite(store, request.auth, collection, rows, limits, perDocument);
        break;
      } catch (error) {
        // Per document, refused rows leave the push (nothing was written) and the rest is tried again.
        const found = perDocument && error instanceof HttpError ? error.details?.refused : undefined;
        if (!Array.isArray(found) || found.length === 0) throw error;
        const ids = new Set((found as PushRefusal[]).map((r) => r.id));
        for (const r of found as PushRefusal[])
          refused.push({ ...r, index: prepared.indexOf.get(r.id ?? '') ?? r.index });
        rows = rows.filter((r) => !ids.has(r.id));
      }
    }
    reply.type('application/json; charset=utf-8');
    const conflicts = `[${result.conflicts.join(',')}]`;
    if (!perDocument) return conflicts;
    refused.sort((a, b) => a.index - b.index);
    return `{"conflicts":${conflicts},"refused":${JSON.stringify(refused)}}`;
  });

  app.get<NameParams>('/v1/collections/:name/stream', async (request, reply) => {
    const collection = collectionOf(request);
    checkQuery(request.query, []);
    const { teamId, id: tokenId } = request.auth;
    if (hub.count(tokenId) >= limits.streamsPerToken) {
      throw new HttpError(
        429,
        `this token already has ${limits.streamsPerToken} open streams, the most allowed`,
      );
    }
    const position = await store.position(teamId);
    reply.hijack();
    await StreamSession.start(reply.raw, {
      db: store,
      hub,
      limits,
      log: request.log,
      teamId,
      collection,
      token: bearerToken(request)!,
      tokenId,
      position,
    });
  });
}
