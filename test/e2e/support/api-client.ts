import WebSocket from 'ws';
import {
  ApiError,
  decodeFrame,
  encodeFrame,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type ServerFrame,
} from '../../../src-shared/api';

/**
 * A Node-side client of the web host's API, for seeding and checking data in tests. It speaks the
 * same frames as the renderer's WebSocket transport, with the Origin header the host requires.
 */
export interface TestApi {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  close(): Promise<void>;
}

export async function connectApi(baseUrl: string, token: string): Promise<TestApi> {
  const origin = baseUrl.replace(/\/$/, '');
  const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/api?token=${encodeURIComponent(token)}`, {
    headers: { Origin: origin },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  socket.on('message', (data) => {
    const frame = decodeFrame(data.toString()) as ServerFrame;
    if (frame.type !== 'result') return;
    const call = pending.get(frame.id);
    if (!call) return;
    pending.delete(frame.id);
    if (frame.envelope.ok) call.resolve(frame.envelope.value);
    else call.reject(ApiError.from(frame.envelope.error));
  });
  socket.on('close', () => {
    for (const call of pending.values()) call.reject(new Error('The web host closed the API socket.'));
    pending.clear();
  });
  return {
    call<M extends MethodName>(method: M, input: MethodInput<M>) {
      const id = nextId++;
      return new Promise<MethodOutput<M>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        socket.send(encodeFrame({ type: 'call', id, method, input }));
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close();
      }),
  };
}
