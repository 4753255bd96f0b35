import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './errors';
import { authenticate } from './tokens';
import type { Store, TokenRecord } from './store/types';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's token; its team is the only team the request can see. */
    auth: TokenRecord;
  }
}

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** Every route except the public ones needs a valid, unrevoked bearer token. */
export function installAuth(app: FastifyInstance, store: Store, publicPaths: Set<string>): void {
  app.decorateRequest('auth', null as unknown as TokenRecord);
  app.addHook('preHandler', async (request) => {
    if (publicPaths.has(request.routeOptions.url ?? '')) return;
    const token = bearerToken(request);
    if (!token) throw new HttpError(401, 'missing bearer token: send "Authorization: Bearer <token>"');
    const record = await authenticate(store, token);
    if (!record) throw new HttpError(401, 'the bearer token is unknown or has been revoked');
    request.auth = record;
  });
}
