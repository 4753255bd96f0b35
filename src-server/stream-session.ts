import type { ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { SyncedCollectionName } from '../src-shared/db/collections';
import type { StreamErrorEvent } from '../src-shared/sync/protocol';
import type { Limits } from './options';
import { pullBody } from './pull-body';
import { ALL_TEAMS, type TeamDatabase, type TeamPosition } from './store/types';
import type { OpenStream, StreamHub } from './stream-hub';
import { streamWriter, type StreamWriter } from './stream-writer';
import { authenticate } from './tokens';

export interface StreamSessionOptions {
  db: TeamDatabase;
  hub: StreamHub;
  limits: Pick<Limits, 'pullLimitMax' | 'streamHeartbeatMs' | 'streamAuthRecheckMs'>;
  log: FastifyBaseLogger;
  teamId: string;
  collection: SyncedCollectionName;
  /** The bearer token the stream was opened with, re-checked while it runs (revocation ends it). */
  token: string;
  tokenId: string;
  /** The team's position read before the response started: events continue from its head. */
  position: TeamPosition;
}

/**
 * One live change stream (GET /stream) on an HTTP response the route has handed over: RESYNC first,
 * then every commit after the position as `{documents, checkpoint}` events, heartbeats, and an end
 * when the client leaves, the token is revoked or the server shuts down.
 */
export class StreamSession implements OpenStream {
  readonly tokenId: string;
  private open = true;
  private draining = false;
  private dirty = false;
  private cursor: number;
  private readonly writer: StreamWriter;
  private readonly stops: (() => void)[] = [];

  private constructor(
    private readonly res: ServerResponse,
    private readonly options: StreamSessionOptions,
  ) {
    this.tokenId = options.tokenId;
    this.cursor = options.position.head;
    this.writer = streamWriter(res, () => this.open);
  }

  /** Starts the stream on `res`; resolves once RESYNC is written. */
  static async start(res: ServerResponse, options: StreamSessionOptions): Promise<StreamSession> {
    const session = new StreamSession(res, options);
    await session.run();
    return session;
  }

  private async run(): Promise<void> {
    const { db, hub, limits, teamId, collection, token } = this.options;
    this.res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    this.stops.push(
      db.onChange((notice) => {
        if (notice.teamId === teamId && notice.collections.includes(collection)) void this.drain();
        else if (notice.teamId === ALL_TEAMS) void this.drain();
      }),
      hub.add(this),
    );
    const heartbeat = setInterval(() => {
      if (!this.writer.full) void this.writer.send(': ping\n\n');
    }, limits.streamHeartbeatMs);
    const recheck = setInterval(() => {
      authenticate(db, token)
        .then((record) => {
          if (!record) this.end(401, 'the bearer token is unknown or has been revoked');
        })
        .catch(() => {});
    }, limits.streamAuthRecheckMs);
    this.stops.push(
      () => clearInterval(heartbeat),
      () => clearInterval(recheck),
    );
    this.res.on('close', () => {
      if (this.open) {
        this.open = false;
        this.cleanup();
      }
    });

    // RESYNC first: the client pulls from its own checkpoint up to at least `cursor`, and every event
    // after this one continues from `cursor`, so together they leave no gap.
    await this.writer.send('data: "RESYNC"\n\n');
    // A commit that landed between reading the head and subscribing must not wait for the next one.
    void this.drain();
  }

  /** Sends every commit after the cursor; a notice arriving meanwhile makes it read once more. */
  private async drain(): Promise<void> {
    if (this.draining) {
      this.dirty = true;
      return;
    }
    const { db, limits, teamId, collection, position } = this.options;
    this.draining = true;
    try {
      do {
        this.dirty = false;
        for (;;) {
          const rows = await db.pull(teamId, collection, this.cursor, limits.pullLimitMax);
          if (!this.open || rows.length === 0) break;
          this.cursor = rows.at(-1)!.seq;
          await this.writer.send(`data: ${pullBody(rows, this.cursor, position.epoch)}\n\n`);
          if (rows.length < limits.pullLimitMax) break;
        }
      } while (this.dirty && this.open);
    } catch (error) {
      this.options.log.warn({ err: error }, 'stream read failed; the client will resync on reconnect');
      this.end();
    } finally {
      this.draining = false;
    }
  }

  /** Closes the stream, first telling the client why when there is a status to report. */
  end(statusCode?: number, message?: string): void {
    if (!this.open) return;
    if (statusCode) {
      const event: StreamErrorEvent = {
        statusCode,
        error: statusCode === 401 ? 'Unauthorized' : 'Error',
        message: message ?? '',
      };
      this.res.write(`event: error\ndata: ${JSON.stringify(event)}\n\n`);
    }
    this.open = false;
    this.cleanup();
    this.res.end();
  }

  private cleanup(): void {
    for (const stop of this.stops.splice(0)) stop();
  }
}
