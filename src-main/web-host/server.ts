import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { encodeFrame, type ServerFrame } from '../../src-shared/api/wire';
import type { Dispatch } from '../core/api/dispatcher';
import type { EventBus } from '../core/events';
import { CONTENT_SECURITY_POLICY } from '../core/security/policy';
import { contentType, resolveStaticPath } from '../core/security/static-files';
import { newToken, tokensMatch } from '../core/security/token';
import { sendOrDrop, serveApiSocket } from './api-socket';

export interface WebHostOptions {
  dispatch: Dispatch;
  events: EventBus;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  /** The token to accept (saved in the data folder by the CLI); otherwise a random one per run. */
  token?: string;
  /** A socket closed: what it left unfinished (uploads) can go. */
  onConnectionClosed?: (connection: string) => void;
  log?: (message: string) => void;
  /** Tests shorten them; the defaults are what the app runs with. */
  timeouts?: Partial<WebHostTimeouts>;
}

export interface WebHost {
  url: string;
  /** The URL to open, with the token in the fragment (never sent to the server in a request line). */
  openUrl: string;
  port: number;
  token: string;
  /** A new token: every open socket is closed and the old link stops working. */
  rotateToken(next?: string): { token: string; openUrl: string };
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
/** Upload chunks are 1 MiB; base64 and JSON framing add about a third. */
export const MAX_FRAME_BYTES = 2 * 1024 * 1024;
export interface WebHostTimeouts {
  /** A client that has not sent its request headers by then is dropped (slowloris). */
  headersMs: number;
  requestMs: number;
  /** An HTTP connection with no traffic for this long is closed (API sockets are pinged instead). */
  idleMs: number;
  /** API sockets are pinged this often; one that missed the previous pong is terminated. */
  heartbeatMs: number;
}
export const DEFAULT_TIMEOUTS: WebHostTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  idleMs: 60_000,
  heartbeatMs: 30_000,
};
/** Close code a socket gets when the token is rotated: the page must be opened with the new link. */
export const TOKEN_ROTATED_CLOSE = 4001;

/**
 * Serves the renderer and the app API to a browser on this machine only: bound to 127.0.0.1, the
 * Host header checked (against DNS rebinding), and the API socket gated by Origin and a per-run token.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  let token = options.token ?? newToken();
  let port = 0;
  const allowedHosts = () => [`${HOST}:${port}`, `localhost:${port}`];
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`);

  const limits = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  // Node checks the header and request deadlines on this interval (30 s by default).
  const server = createServer({ connectionsCheckingInterval: 1000 }, (req, res) => {
    if (!allowedHosts().includes(req.headers.host ?? '')) return deny(res, 421, 'Unknown host.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'Only GET is served here.');
    serveStatic(options.rendererDir, req, res);
  });
  server.headersTimeout = limits.headersMs;
  server.requestTimeout = limits.requestMs;
  server.setTimeout(limits.idleMs, (socket) => socket.destroy());

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const alive = new WeakSet<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    // Node drops its own error listener from an upgraded socket; a reset peer must not crash us.
    socket.on('error', () => socket.destroy());
    const refusal = refuseUpgrade(req, allowedHosts(), allowedOrigins(), token);
    if (refusal) return rejectSocket(socket, refusal.status, refusal.message);
    sockets.handleUpgrade(req, socket, head, (ws) => {
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
      serveApiSocket(ws, {
        dispatch: options.dispatch,
        onClosed: options.onConnectionClosed,
        log: options.log,
      });
    });
  });
  const heartbeat = setInterval(() => {
    for (const ws of sockets.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, limits.heartbeatMs);
  heartbeat.unref();

  const unsubscribe = options.events.subscribe((event, payload) => {
    const text = encodeFrame({ type: 'event', event, payload } satisfies ServerFrame);
    for (const client of sockets.clients) sendOrDrop(client, text);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, HOST, () => resolve());
    });
  } catch (error) {
    clearInterval(heartbeat);
    unsubscribe();
    throw error;
  }
  // Once listening, an accept failure (e.g. out of file descriptors under a flood) is logged, not fatal.
  server.on('error', (error) => options.log?.(`web host: ${error.message}`));
  port = (server.address() as AddressInfo).port;
  const url = `http://${HOST}:${port}/`;

  return {
    url,
    port,
    get token() {
      return token;
    },
    get openUrl() {
      return `${url}#token=${token}`;
    },
    rotateToken(next = newToken()) {
      token = next;
      // After the current call's answer has gone out: the tab that asked learns the new link first.
      const open = [...sockets.clients];
      setTimeout(() => {
        for (const client of open) client.close(TOKEN_ROTATED_CLOSE, 'Token rotated');
      }, 50).unref();
      return { token, openUrl: `${url}#token=${token}` };
    },
    async close() {
      clearInterval(heartbeat);
      unsubscribe();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function refuseUpgrade(
  req: IncomingMessage,
  hosts: string[],
  origins: string[],
  token: string,
): { status: number; message: string } | null {
  const url = new URL(req.url ?? '/', 'http://placeholder');
  if (url.pathname !== '/api') return { status: 404, message: 'No such endpoint.' };
  if (!hosts.includes(req.headers.host ?? '')) return { status: 421, message: 'Unknown host.' };
  if (!origins.includes(req.headers.origin ?? '')) return { status: 403, message: 'Origin not allowed.' };
  if (!tokensMatch(url.searchParams.get('token'), token))
    return { status: 401, message: 'Missing or wrong token.' };
  return null;
}

function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  // The raw request path, not a URL-normalised one, so a traversal attempt is refused, not rewritten.
  const path = resolveStaticPath(root, req.url ?? '/');
  if (!path) return deny(res, 400, 'Bad path.');
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return deny(res, 404, 'Not found.');
    size = stat.size;
  } catch {
    return deny(res, 404, 'Not found.');
  }
  res.writeHead(200, {
    'Content-Type': contentType(path),
    'Content-Length': size,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': path.endsWith('.html') ? 'no-store' : 'max-age=3600',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(path).pipe(res);
}

function deny(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(message);
}

function rejectSocket(socket: Duplex, status: number, message: string): void {
  socket.end(`HTTP/1.1 ${status} ${message}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
