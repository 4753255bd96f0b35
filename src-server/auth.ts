import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './errors';
import type { Limits } from './options';
import { WindowCounter } from './rate-limit';
import { authenticate, hashToken } from './tokens';
import type { Store, TokenRecord } from './store/types';
import type { Scope } from '../src-shared/ledger/entry-rules';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's token; its team is the only team the request can see. */
    auth: TokenRecord;
  }
}

interface RouteAccess {
  /** Answers without a token (health checks). */
  public?: boolean;
  /** Scopes that may call the route. */
  scopes?: readonly Scope[];
  /** Stream opens count against their own allowance, apart from requests. */
  stream?: boolean;
}

/**
 * Who may call what (docs/protocol.md, "Authentication and scopes"), in one table. A route that is
 * not listed (an unknown path's 404 included) still needs a valid token of any scope.
 */
export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  'GET /healthz': { public: true },
  'GET /v1/collections/:name/pull': { scopes: ['admin', 'viewer'] },
  'GET /v1/collections/:name/stream': { scopes: ['admin', 'viewer'], stream: true },
  'POST /v1/collections/:name/push': { scopes: ['admin'] },
  'GET /v1/collections/:name/snapshot': { scopes: ['admin', 'viewer'] },
  'POST /v1/usage': { scopes: ['admin', 'metering'] },
  'POST /v1/authorize': { scopes: ['admin', 'metering'] },
};

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** How often a token's "last used" is written: a minute is what `token list` shows anyway. */
const TOUCH_EVERY_MS = 60_000;

export interface AuthOptions {
  store: Store;
  limits: Limits;
  /** TEST ONLY: authenticate after the body is parsed, as before, to measure what that cost. */
  unsafeLateAuth?: boolean;
}

function tooMany(reply: FastifyReply, seconds: number, message: string): HttpError {
  reply.header('retry-after', String(seconds));
  return new HttpError(429, message);
}

/**
 * Authentication, rate limits and scopes, in one hook that runs before the body is read: a caller
 * without a valid token never costs a JSON parse. Limits: per client address for requests that
 * fail authentication (so random tokens cannot buy fresh allowances), then per token id (so the
 * spelling of the Authorization header cannot either), with stream opens counted apart.
 */
export function installAuth(app: FastifyInstance, options: AuthOptions): void {
  const { store, limits } = options;
  const failures = new WindowCounter(limits.failedAuthPerMinute);
  const requests = new WindowCounter(limits.requestsPerMinute);
  const streams = new WindowCounter(limits.streamOpensPerMinute);
  const touched = new Map<string, number>();
  // Hashes of tokens that authenticated lately: an address flooded with bogus tokens still lets a
  // teammate's real token through, checked without a store lookup for the bogus ones.
  const recent = new Set<string>();

  app.decorateRequest('auth', null as unknown as TokenRecord);
  app.addHook(options.unsafeLateAuth ? 'preHandler' : 'onRequest', async (request, reply) => {
    // HEAD is answered by the GET route (Fastify exposes it), so it has the GET route's access.
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const config = ROUTE_ACCESS[`${method} ${request.routeOptions.url ?? ''}`] ?? {};
    if (config.public) return;
    const scopes = config.scopes;
    const address = request.ip;
    const token = bearerToken(request);
    if (failures.exhausted(address) && !(token && recent.has(hashToken(token)))) {
      throw tooMany(
        reply,
        failures.retryAfter(address),
        `too many requests without a valid token from this address (${limits.failedAuthPerMinute} a minute); retry in ${failures.retryAfter(address)} s`,
      );
    }
    const record = token ? await authenticate(store, token) : null;
    if (!record) {
      failures.hit(address);
      // The body of a refused request is never read; closing spares the rest of its upload.
      reply.header('connection', 'close');
      throw new HttpError(
        401,
        token
          ? 'the bearer token is unknown or has been revoked'
          : 'missing bearer token: send "Authorization: Bearer <token>"',
      );
    }
    request.auth = record;
    if (recent.size >= 10_000) recent.clear();
    recent.add(hashToken(token!));
    const stream = config.stream === true;
    const counter = stream ? streams : requests;
    if (!counter.hit(record.id)) {
      const what = stream ? 'stream opens' : 'requests';
      throw tooMany(
        reply,
        counter.retryAfter(record.id),
        `rate limit of ${counter.max} ${what} per minute for this token exceeded; retry in ${counter.retryAfter(record.id)} s`,
      );
    }
    if (scopes && !scopes.includes(record.scope)) {
      reply.header('connection', 'close');
      throw new HttpError(
        403,
        `this route needs a token with the ${scopes.map((s) => `"${s}"`).join(' or ')} scope; this token has "${record.scope}"`,
      );
    }
    const now = Date.now();
    if ((touched.get(record.id) ?? 0) + TOUCH_EVERY_MS <= now) {
      touched.set(record.id, now);
      store.touchToken(record.id, now).catch((error: unknown) => {
        request.log.warn({ err: error }, 'could not record when a token was last used');
      });
    }
  });
}
