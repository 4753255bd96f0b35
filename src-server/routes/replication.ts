import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SYNCED_COLLECTION_NAMES, type SyncedCollectionName } from '../../src-shared/db/collections';
import { badRequest, HttpError } from '../errors';
import type { Limits } from '../options';
import type { PushRow, StreamErrorEvent } from '../protocol';
import { ALL_TEAMS, type PreparedRow, type Store, type StoredRow } from '../store/types';
import type { StreamHub } from '../stream-hub';
import { authenticate } from '../tokens';
import { bearerToken } from '../auth';
import { canonicalWire, isSyncedCollection, validateDocument } from '../validate';
import { checkedWrite } from '../checked-write';

type NameParams = { Params: { name: string } };

function collectionOf(request: FastifyRequest<NameParams>): SyncedCollectionName {
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

/** The pull checkpoint: the `{"seq":n}` a pull answered (JSON), or its bare seq. */
function checkpointSeq(raw: unknown): number {
  if (typeof raw === 'string' && raw.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw badRequest('checkpoint must be the {"seq":n} a pull answered, or n');
    }
    const seq = (parsed as { seq?: unknown } | null)?.seq;
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0)
      throw badRequest('checkpoint.seq must be a non-negative integer');
    return seq;
  }
  return nonNegativeInteger(raw, 'checkpoint');
}

function checkQuery(query: unknown, allowed: string[]): Record<string, unknown> {
  const record = (query ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key))
      throw badRequest(`unknown query parameter "${key}"; allowed: ${allowed.join(', ')}`);
    if (Array.isArray(record[key])) throw badRequest(`query parameter "${key}" is given more than once`);
  }
  return record;
}

/** Pull answers are assembled from the stored canonical JSON, never re-serialised: initial syncs are large. */
function pullBody(rows: StoredRow[], after: number | null): string {
  const last = rows.at(-1)?.seq ?? after;
  const checkpoint = last === null ? 'null' : `{"seq":${last}}`;
  return `{"documents":[${rows.map((r) => r.body).join(',')}],"checkpoint":${checkpoint}}`;
}

function prepareRows(collection: SyncedCollectionName, body: unknown, limits: Limits): PreparedRow[] {
  if (!Array.isArray(body)) {
    throw badRequest('push body must be a JSON array of {assumedMasterState?, newDocumentState} rows');
  }
  if (body.length > limits.pushRows) {
    throw new HttpError(413, `a push may carry at most ${limits.pushRows} rows; this one has ${body.length}`);
  }
  const seen = new Set<string>();
  return body.map((row: unknown, i): PreparedRow => {
    const at = `rows[${i}]`;
    if (row === null || typeof row !== 'object' || Array.isArray(row))
      throw badRequest(`${at} must be an object`);
    const { newDocumentState, assumedMasterState, ...rest } = row as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length > 0) throw badRequest(`${at} has unknown field(s) ${extra.join(', ')}`);
    const problem = validateDocument(collection, newDocumentState);
    if (problem) throw badRequest(`${at}.newDocumentState: ${problem}`);
    const doc = newDocumentState as PushRow['newDocumentState'];
    if (assumedMasterState !== undefined && assumedMasterState !== null) {
      const assumed = assumedMasterState as Record<string, unknown>;
      if (typeof assumed !== 'object' || Array.isArray(assumed))
        throw badRequest(`${at}.assumedMasterState must be an object`);
      if (assumed.id !== doc.id)
        throw badRequest(`${at}.assumedMasterState.id must equal newDocumentState.id`);
    }
    if (seen.has(doc.id))
      throw badRequest(`${at} repeats document id "${doc.id}"; send each document once per push`);
    seen.add(doc.id);
    return {
      id: doc.id,
      body: canonicalWire(doc),
      row: {
        newDocumentState: doc,
        assumedMasterState: (assumedMasterState ?? undefined) as PushRow['assumedMasterState'],
      },
    };
  });
}

export function registerReplicationRoutes(
  app: FastifyInstance,
  store: Store,
  limits: Limits,
  hub: StreamHub,
): void {
  app.get<NameParams>('/v1/collections/:name/pull', async (request, reply) => {
    const collection = collectionOf(request);
    const query = checkQuery(request.query, ['checkpoint', 'limit']);
    const after =
      query.checkpoint === undefined || query.checkpoint === '' ? null : checkpointSeq(query.checkpoint);
    let limit = limits.pullLimitDefault;
    if (query.limit !== undefined) {
      limit = nonNegativeInteger(query.limit, 'limit');
      // Never shrink a batch silently: RxDB reads a short batch as "nothing more to pull".
      if (limit < 1 || limit > limits.pullLimitMax)
        throw badRequest(`limit must be between 1 and ${limits.pullLimitMax}`);
    }
    const rows = await store.pull(request.auth.teamId, collection, after ?? 0, limit);
    reply.type('application/json; charset=utf-8');
    return pullBody(rows, after);
  });

  app.post<NameParams>('/v1/collections/:name/push', async (request, reply) => {
    const collection = collectionOf(request);
    checkQuery(request.query, []);
    const rows = prepareRows(collection, request.body, limits);
    if (rows.length === 0) return [];
    const result = await checkedWrite(store, request.auth, collection, rows, limits);
    reply.type('application/json; charset=utf-8');
    return `[${result.conflicts.join(',')}]`;
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
    const token = bearerToken(request)!;
    let cursor = await store.head(teamId);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });

    let open = true;
    let draining = false;
    let dirty = false;
    const send = (text: string) =>
      new Promise<void>((resolve) => {
        if (!open) return resolve();
        if (res.write(text)) resolve();
        else res.once('drain', resolve);
      });

    const drain = async () => {
      if (draining) {
        dirty = true;
        return;
      }
      draining = true;
      try {
        do {
          dirty = false;
          for (;;) {
            const rows = await store.pull(teamId, collection, cursor, limits.pullLimitMax);
            if (!open || rows.length === 0) break;
            cursor = rows.at(-1)!.seq;
            await send(`data: ${pullBody(rows, cursor)}\n\n`);
            if (rows.length < limits.pullLimitMax) break;
          }
        } while (dirty && open);
      } catch (error) {
        request.log.warn({ err: error }, 'stream read failed; the client will resync on reconnect');
        end();
      } finally {
        draining = false;
      }
    };

    const end = (statusCode?: number, message?: string) => {
      if (!open) return;
      if (statusCode) {
        const event: StreamErrorEvent = {
          statusCode,
          error: statusCode === 401 ? 'Unauthorized' : 'Error',
          message: message ?? '',
        };
        res.write(`event: error\ndata: ${JSON.stringify(event)}\n\n`);
      }
      open = false;
      cleanup();
      res.end();
    };

    const unsubscribe = store.onChange((notice) => {
      if (notice.teamId === teamId && notice.collections.includes(collection)) void drain();
      else if (notice.teamId === ALL_TEAMS) void drain();
    });
    const unregister = hub.add({ tokenId, end });
    const heartbeat = setInterval(() => void send(': ping\n\n'), limits.streamHeartbeatMs);
    const recheck = setInterval(() => {
      authenticate(store, token)
        .then((record) => {
          if (!record) end(401, 'the bearer token is unknown or has been revoked');
        })
        .catch(() => {});
    }, limits.streamAuthRecheckMs);
    const cleanup = () => {
      unsubscribe();
      unregister();
      clearInterval(heartbeat);
      clearInterval(recheck);
    };
    res.on('close', () => {
      if (open) {
        open = false;
        cleanup();
      }
    });

    // RESYNC first: the client pulls from its own checkpoint up to at least `cursor`, and every event
    // after this one continues from `cursor`, so together they leave no gap.
    await send('data: "RESYNC"\n\n');
    // A commit that landed between reading the head and subscribing must not wait for the next one.
    void drain();
  });
}
