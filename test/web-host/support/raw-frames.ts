import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';

/** What a browser can never send but any client can: hand-made WebSocket frames. */
export interface RawFrame {
  opcode: number;
  payload: Buffer;
  rsv1?: boolean;
}

export function encodeRawFrame({ opcode, payload, rsv1 = false }: RawFrame): Buffer {
  const len = payload.length;
  const b0 = 0x80 | (rsv1 ? 0x40 : 0) | opcode;
  let header: Buffer;
  if (len < 126) header = Buffer.from([b0, 0x80 | len]);
  else if (len < 65536) {
    header = Buffer.alloc(4);
    header[0] = b0;
    header[1] = 0x80 | 126;
    header.writeUInt16BE(len, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = b0;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(len), 2);
  }
  const mask = randomBytes(4);
  const masked = Buffer.allocUnsafe(len);
  for (let i = 0; i < len; i++) masked[i] = payload[i]! ^ mask[i & 3]!;
  return Buffer.concat([header, mask, masked]);
}

/** Named bad frames, as the issue lists them. */
export const BAD_FRAMES: Record<string, () => RawFrame> = {
  'oversized (3 MiB text)': () => ({ opcode: 1, payload: Buffer.alloc(3 * 1024 * 1024, 0x61) }),
  'invalid UTF-8': () => ({ opcode: 1, payload: Buffer.from([0xff, 0xfe, 0xfd, 0xfc]) }),
  'RSV1 set': () => ({ opcode: 1, payload: Buffer.from('{"type":"call"}'), rsv1: true }),
  binary: () => ({ opcode: 2, payload: Buffer.from([1, 2, 3, 4]) }),
  '10 MB string': () => ({ opcode: 1, payload: Buffer.alloc(10 * 1000 * 1000, 0x7a) }),
  'broken JSON': () => ({ opcode: 1, payload: Buffer.from('{"type":"call","id":') }),
  'not a call': () => ({ opcode: 1, payload: Buffer.from('[1,2,3]') }),
};

/**
 * Opens the API socket over a bare TCP connection, sends one raw frame, and resolves with the close
 * code the host answered with (null when it just dropped the connection) once the connection ends.
 */
export async function sendRawFrame(port: number, token: string, frame: RawFrame): Promise<number | null> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  const key = randomBytes(16).toString('base64');
  socket.write(
    `GET /api?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\n` +
      `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  const rest = await readHandshake(socket);
  socket.write(encodeRawFrame(frame));
  return readCloseCode(socket, rest);
}

function readHandshake(socket: Socket): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let data = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const end = data.indexOf('\r\n\r\n');
      if (end === -1) return;
      socket.off('data', onData);
      const head = data.subarray(0, end).toString();
      if (!head.startsWith('HTTP/1.1 101'))
        return reject(new Error(`Upgrade refused: ${head.split('\r\n')[0]}`));
      resolve(data.subarray(end + 4));
    };
    socket.on('data', onData);
  });
}

function readCloseCode(socket: Socket, initial: Buffer): Promise<number | null> {
  return new Promise((resolve) => {
    let data = initial;
    let code: number | null = null;
    const scan = () => {
      while (data.length >= 2) {
        const opcode = data[0]! & 0x0f;
        let len = data[1]! & 0x7f;
        let offset = 2;
        if (len === 126) {
          if (data.length < 4) return;
          len = data.readUInt16BE(2);
          offset = 4;
        } else if (len === 127) {
          if (data.length < 10) return;
          len = Number(data.readBigUInt64BE(2));
          offset = 10;
        }
        if (data.length < offset + len) return;
        if (opcode === 8 && len >= 2) code = data.readUInt16BE(offset);
        data = data.subarray(offset + len);
      }
    };
    scan();
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      scan();
    });
    socket.once('close', () => resolve(code));
    // The host must end the connection itself; this only bounds a failing test.
    setTimeout(() => socket.destroy(), 10_000).unref();
  });
}
