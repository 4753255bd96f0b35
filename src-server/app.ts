import Fastify, { type FastifyInstance } from 'fastify';
import { installAuth } from './auth';
import { installErrorHandlers } from './errors';
import type { Limits } from './options';
import { registerReplicationRoutes } from './routes/replication';
import { registerMeteringRoutes } from './routes/metering';
import { registerSnapshotRoute } from './routes/snapshot';
import type { Store } from './store/types';
import type { StreamHub } from './stream-hub';

export interface AppContext {
  store: Store;
  limits: Limits;
  hub: StreamHub;
  machineId: string;
  /** TEST ONLY (see StartServerOptions). */
  unsafeLateAuth?: boolean;
}

export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;
export const IDLE_TIMEOUT_MS = 60_000;

export async function buildApp(context: AppContext, logger: boolean): Promise<FastifyInstance> {
  const { store, limits, hub } = context;
  const app = Fastify({
    logger,
    bodyLimit: limits.bodyBytes,
    forceCloseConnections: true,
    // Slow or idle clients are dropped: a whole request within 30 s, and no connection idle past
    // 60 s (live streams send a heartbeat every streamHeartbeatMs, well inside that).
    requestTimeout: REQUEST_TIMEOUT_MS,
    // Node checks the header and request deadlines on this interval (30 s by default).
    http: { connectionsCheckingInterval: 1000 },
    connectionTimeout: Math.max(IDLE_TIMEOUT_MS, limits.streamHeartbeatMs * 4),
  });
  app.server.headersTimeout = HEADERS_TIMEOUT_MS;
  installErrorHandlers(app, limits.bodyBytes);
  // Every body is JSON; a text body is refused with 415 instead of reaching a route as a string.
  app.removeContentTypeParser('text/plain');

  installAuth(app, { store, limits, unsafeLateAuth: context.unsafeLateAuth });
  app.get('/healthz', async (_request, reply) => {
    try {
      await store.head('');
      return { ok: true, store: store.kind };
    } catch {
      // A load balancer should stop sending traffic to an instance that cannot reach its store.
      return reply.code(503).send({ ok: false, store: store.kind, message: 'the store is unavailable' });
    }
  });
  registerReplicationRoutes(app, store, limits, hub);
  registerMeteringRoutes(app, context);
  registerSnapshotRoute(app, store, limits);
  app.addHook('preClose', async () => hub.endAll());
  return app;
}
