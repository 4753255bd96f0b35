import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { badRequest } from '../errors';
import type { Store } from '../store/types';
import type { Limits } from '../options';
import type { SyncedCollectionName } from '../../src-shared/db/collections';
import {
  SNAPSHOT_CONTENT_TYPE,
  SNAPSHOT_PAGE,
  type SnapshotCheckpoint,
  type SnapshotCount,
  type SnapshotEnd,
  type SnapshotHeader,
  type SnapshotProgress,
} from '../../src-shared/sync/bootstrap';
import { checkEpoch, checkQuery, collectionOf, parseCheckpoint } from './replication';

/**
 * The lines of one snapshot: stored bodies spliced as they are (never re-serialised), a progress line
 * after every page so a cut stream still tells the client how far it got in order, and an end line.
 * Pages are separate store reads, so a long snapshot never holds a transaction or the SQLite connection.
 */
async function* snapshotLines(
  store: Store,
  teamId: string,
  collection: SyncedCollectionName,
  header: SnapshotHeader['snapshot'],
  after: number,
  page: number,
): AsyncGenerator<string> {
  yield `${JSON.stringify({ snapshot: header } satisfies SnapshotHeader)}\n`;
  const { seq: upTo, epoch } = header.checkpoint;
  let cursor = after;
  let sent = 0;
  while (cursor < upTo) {
    const rows = await store.pull(teamId, collection, cursor, page);
    // The snapshot ends at the head read when it began; later commits reach the client by pull.
    let n = rows.length;
    while (n > 0 && rows[n - 1]!.seq > upTo) n--;
    if (n === 0) break;
    cursor = rows[n - 1]!.seq;
    sent += n;
    const progress: SnapshotProgress = { checkpoint: { seq: cursor, epoch }, sent };
    let text = '';
    for (let i = 0; i < n; i++) text += `${rows[i]!.body}\n`;
    yield `${text}${JSON.stringify(progress)}\n`;
    if (n < rows.length || rows.length < page) break;
  }
  const end: SnapshotEnd = { end: { checkpoint: header.checkpoint, documents: sent } };
  yield `${JSON.stringify(end)}\n`;
}

/**
 * GET /v1/collections/:name/snapshot: a collection from a checkpoint (or the start) up to the team's
 * head, as NDJSON (docs/protocol.md, "Snapshot"); `?count=1` answers only how many documents that is.
 */
export function registerSnapshotRoute(app: FastifyInstance, store: Store, limits: Limits): void {
  app.get<{ Params: { name: string } }>('/v1/collections/:name/snapshot', async (request, reply) => {
    const collection = collectionOf(request);
    const query = checkQuery(request.query, ['checkpoint', 'epoch', 'count', 'page']);
    if (query.count !== undefined && query.count !== '1') throw badRequest('count must be 1 when given');
    let page = Math.min(SNAPSHOT_PAGE, limits.pullLimitMax);
    if (query.page !== undefined) {
      page = typeof query.page === 'string' && /^\d{1,6}$/.test(query.page) ? Number(query.page) : 0;
      if (page < 1 || page > limits.pullLimitMax)
        throw badRequest(`page must be between 1 and ${limits.pullLimitMax} documents`);
    }
    const from =
      query.checkpoint === undefined || query.checkpoint === '' ? null : parseCheckpoint(query.checkpoint);
    const { teamId } = request.auth;
    const epoch = await checkEpoch(store, teamId, from?.seq ?? null, query.epoch ?? from?.epoch);
    const after = from?.seq ?? 0;
    // Read after the epoch check: a head is gap-safe, every seq up to it has committed.
    const upTo = Math.max(after, (await store.position(teamId)).head);
    const checkpoint: SnapshotCheckpoint = { seq: upTo, epoch };
    const documents = await store.countBetween(teamId, collection, after, upTo);
    const fromCheckpoint =
      from === null
        ? null
        : { seq: from.seq, ...(typeof from.epoch === 'string' ? { epoch: from.epoch } : {}) };
    if (query.count === '1') {
      const answer: SnapshotCount = { collection, from: fromCheckpoint, checkpoint, documents };
      return answer;
    }
    const header = { collection, from: fromCheckpoint, checkpoint, documents };
    reply.header('cache-control', 'no-store');
    reply.type(`${SNAPSHOT_CONTENT_TYPE}; charset=utf-8`);
    return reply.send(
      Readable.from(snapshotLines(store, teamId, collection, header, after, page), { objectMode: false }),
    );
  });
}
