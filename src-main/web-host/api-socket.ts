import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { decodeFrame, encodeFrame, type ClientFrame } from '../../src-shared/api/wire';
import type { Envelope } from '../../src-shared/api/errors';
import type { Dispatch } from '../core/api/dispatcher';

/** Calls one socket may have unanswered at once; more is a runaway page, not a person. */
export const MAX_CALLS_IN_FLIGHT = 64;
/** A peer that stops reading is dropped once this much waits for it, instead of growing our heap. */
export const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

export interface ApiSocketOptions {
  dispatch: Dispatch;
  /** Told when the socket is gone, so what it left unfinished (uploads) can be dropped. */
  onClosed?: (connection: string) => void;
  log?: (message: string) => void;
}

const busy: Envelope<unknown> = {
  ok: false,
  error: {
    code: 'unavailable',
    message: `More than ${MAX_CALLS_IN_FLIGHT} calls are waiting on this connection; wait for answers and try again.`,
  },
};

/**
 * One browser connection to the API. Whatever the peer sends — an oversized or compressed frame,
 * invalid UTF-8, binary, broken JSON — ends this socket only: `ws` reports protocol errors as an
 * 'error' event (an unhandled one would exit the process) and closes the socket itself.
 */
export function serveApiSocket(ws: WebSocket, options: ApiSocketOptions): void {
  const connection = randomUUID();
  let inFlight = 0;
  ws.on('error', (error) => {
    options.log?.(`API socket closed after a protocol error: ${error.message}`);
    dropSoon(ws);
  });
  ws.on('close', () => options.onClosed?.(connection));
  ws.on('message', (data, isBinary) => {
    if (isBinary) return refuse(ws, 1003, 'Text frames only');
    let frame: ClientFrame;
    try {
      frame = decodeFrame(data.toString()) as ClientFrame;
    } catch {
      return refuse(ws, 1007, 'Malformed frame');
    }
    if (!frame || typeof frame !== 'object' || frame.type !== 'call' || !Number.isSafeInteger(frame.id))
      return refuse(ws, 1007, 'Malformed frame');
    if (inFlight >= MAX_CALLS_IN_FLIGHT) return reply(ws, frame.id, busy);
    inFlight++;
    options
      .dispatch(frame.method, frame.input, { transport: 'web', connection })
      .catch((error: Error): Envelope<unknown> => ({
        ok: false,
        error: { code: 'internal', message: `${String(frame.method)} failed: ${error.message}` },
      }))
      .then((envelope) => {
        inFlight--;
        reply(ws, frame.id, envelope);
      });
  });
}

function refuse(ws: WebSocket, code: number, reason: string): void {
  ws.close(code, reason);
  dropSoon(ws);
}

/** The close handshake has started; a peer that never answers it cannot keep the socket open. */
function dropSoon(ws: WebSocket): void {
  setTimeout(() => ws.terminate(), 1000).unref();
}

function reply(ws: WebSocket, id: number, envelope: Envelope<unknown>): void {
  sendOrDrop(ws, encodeFrame({ type: 'result', id, envelope }));
}

export function sendOrDrop(ws: WebSocket, text: string): void {
  if (ws.readyState !== ws.OPEN) return;
  if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return ws.terminate();
  ws.send(text);
}
