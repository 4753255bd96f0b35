import WebSocket from 'ws';
import { decodeFrame, encodeFrame, type ServerFrame } from '../../../src-shared/api/wire';
import type { Envelope } from '../../../src-shared/api/errors';

/** The API socket as a page opens it: right Host, Origin and token. */
export function openApi(port: number, token: string): Promise<ApiClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`, {
      headers: { origin: `http://127.0.0.1:${port}` },
    });
    ws.once('open', () => resolve(new ApiClient(ws)));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** A small promise client over one socket; `closed` resolves with the close code. */
export class ApiClient {
  private nextId = 1;
  private readonly pending = new Map<number, (e: Envelope<unknown>) => void>();
  readonly closed: Promise<number>;

  constructor(readonly ws: WebSocket) {
    ws.on('error', () => undefined);
    ws.on('message', (data) => {
      const frame = decodeFrame(String(data)) as ServerFrame;
      if (frame.type !== 'result') return;
      this.pending.get(frame.id)?.(frame.envelope);
      this.pending.delete(frame.id);
    });
    this.closed = new Promise((resolve) =>
      ws.once('close', (code) => {
        for (const answer of this.pending.values())
          answer({ ok: false, error: { code: 'unavailable', message: 'socket closed' } });
        this.pending.clear();
        resolve(code);
      }),
    );
  }

  get inFlight(): number {
    return this.pending.size;
  }

  call(method: string, input: unknown): Promise<Envelope<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.ws.send(encodeFrame({ type: 'call', id, method, input }));
    });
  }

  close(): void {
    this.ws.close();
  }
}
