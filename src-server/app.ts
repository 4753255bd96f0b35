import Fastify, { type FastifyInstance } from 'fastify';
import { installAuth } from './auth';
import { installErrorHandlers } from './errors';
import type { Limits } from './options';
import { registerReplicationRoutes } from './routes/replication';
import { registerMeteringRoutes } from './routes/metering';
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

export async function buildApp(context: AppContext, logger: boolean): Promise<FastifyInstance> {
  const { store, limits, hub } = context;
  const app = Fastify({ logger, bodyLimit: limits.bodyBytes, forceCloseConnections: true });
  installErrorHandlers(app, limits.bodyBytes);
  // Every body is JSON; a text body is refused with 415 instead of reaching a route as a string.
  app.removeContentTypeParser('text/plain');

  installAuth(app, { store, limits, unsafeLateAuth: context.unsafeLateAuth });
  app.get('/healthz', { config: { public: true } }, async (_request, reply) => {
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
  app.addHook('preClose', async () => hub.endAll());
  return app;
}
