import {
  ApiError,
  EVENT_NAMES,
  METHOD_NAMES,
  decodeFrame,
  encodeFrame,
  subscriberName,
  type CreditdeskApi,
  type ServerFrame,
} from '../../../src-shared/api';

/**
 * The browser transport: the same contract as the Electron preload, over the web host's WebSocket.
 * Calls made while the socket (re)connects wait for it; a lost socket fails its pending calls with a
 * clear error and reconnects with backoff, so the page keeps working after the host restarts.
 */
/** The close code the web host uses when the link's token was rotated (web-host/server.ts). */
const TOKEN_ROTATED = 4001;

export type SocketState = 'connecting' | 'connected' | 'disconnected' | 'rotated';

export function createWebSocketApi(
  socketUrl: string,
  onState: (state: SocketState) => void = () => undefined,
): CreditdeskApi {
  let socket: WebSocket | null = null;
  let ready: Promise<WebSocket> | null = null;
  let nextId = 1;
  let backoff = 250;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>(EVENT_NAMES.map((e) => [e, new Set()]));

  const connect = (): Promise<WebSocket> => {
    if (ready) return ready;
    ready = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(socketUrl);
      ws.onopen = () => {
        socket = ws;
        backoff = 250;
        onState('connected');
        resolve(ws);
      };
      ws.onmessage = (message) => {
        const frame = decodeFrame(String(message.data)) as ServerFrame;
        if (frame.type === 'result') {
          const call = pending.get(frame.id);
          if (!call) return;
          pending.delete(frame.id);
          if (frame.envelope.ok) call.resolve(frame.envelope.value);
          else call.reject(ApiError.from(frame.envelope.error));
        } else if (frame.type === 'event') {
          for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
        }
      };
      ws.onclose = (event) => {
        const wasOpen = socket === ws;
        socket = null;
        ready = null;
        for (const [id, call] of pending) {
          pending.delete(id);
          call.reject(
            new ApiError('unavailable', 'Lost the connection to Creditdesk; it is reconnecting — try again.'),
          );
        }
        if (!wasOpen)
          reject(
            new ApiError(
              'unavailable',
              `Cannot reach Creditdesk (${event.code}); is the web host still running?`,
            ),
          );
        if (event.code === TOKEN_ROTATED) {
          // The old token will never work again; only the new link does.
          onState('rotated');
          return;
        }
        onState('disconnected');
        // Reconnect in the background so live events resume without a reload.
        setTimeout(() => void connect().catch(() => undefined), backoff);
        backoff = Math.min(backoff * 2, 10_000);
      };
    });
    return ready;
  };

  const api: Record<string, unknown> = {};
  for (const method of METHOD_NAMES) {
    api[method] = async (input: unknown) => {
      const ws = socket ?? (await connect());
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        ws.send(encodeFrame({ type: 'call', id, method, input }));
      });
    };
  }
  for (const event of EVENT_NAMES) {
    api[subscriberName(event)] = (listener: (payload: unknown) => void) => {
      listeners.get(event)!.add(listener);
      void connect().catch(() => undefined);
      return () => listeners.get(event)!.delete(listener);
    };
  }
  return Object.freeze(api) as CreditdeskApi;
}
