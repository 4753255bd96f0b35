import type { Writable } from 'node:stream';

/**
 * Writes a live stream's events with backpressure. While the socket is full every sender shares one
 * wait, ended by 'drain' or by 'close': a listener per send (heartbeats keep coming while a client
 * stops reading) piled up on the response and, after a close, waited forever.
 */
export interface StreamWriter {
  /** Resolves once the socket can take more (or is gone); never rejects. */
  send(text: string): Promise<void>;
  /** The socket is full: a heartbeat adds nothing, the waiting data already shows the stream is alive. */
  readonly full: boolean;
}

export function streamWriter(out: Writable, isOpen: () => boolean): StreamWriter {
  let backlog: Promise<void> | null = null;
  return {
    send(text) {
      if (!isOpen()) return Promise.resolve();
      if (out.write(text)) return Promise.resolve();
      backlog ??= new Promise<void>((resolve) => {
        const done = () => {
          out.off('drain', done);
          out.off('close', done);
          backlog = null;
          resolve();
        };
        out.on('drain', done);
        out.on('close', done);
      });
      return backlog;
    },
    get full() {
      return backlog !== null;
    },
  };
}
