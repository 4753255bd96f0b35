import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { streamWriter } from '../../src-server/stream-writer';

/** A socket stand-in that holds every chunk until the test lets it through. */
function heldSocket() {
  const held: (() => void)[] = [];
  const out = new Writable({
    highWaterMark: 8,
    write(_chunk, _encoding, callback) {
      held.push(() => callback());
    },
  });
  const release = () => {
    for (const callback of held.splice(0)) callback();
  };
  return { out, release };
}

describe('live stream writer', () => {
  test('a client that stops reading costs one drain listener, however many events and heartbeats wait', async () => {
    const { out, release } = heldSocket();
    const writer = streamWriter(out, () => true);
    const settled: boolean[] = [];
    const sends = Array.from({ length: 50 }, (_, i) =>
      writer.send(`data: event ${i}\n\n`).then(() => (settled[i] = true)),
    );
    expect(writer.full).toBe(true);
    expect(out.listenerCount('drain')).toBeLessThanOrEqual(2); // ours, plus none piling up
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled.filter(Boolean)).toHaveLength(0); // the first event already fills the socket
    for (let i = 0; i < 500 && writer.full; i++) {
      release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(sends);
    expect(writer.full).toBe(false);
    expect(out.listenerCount('drain')).toBe(0);
    expect(out.listenerCount('close')).toBe(0);
  });

  test('a socket closed while full ends the wait instead of leaving it pending', async () => {
    const { out } = heldSocket();
    const writer = streamWriter(out, () => !out.destroyed);
    void writer.send('data: first\n\n');
    const waiting = writer.send('data: second\n\n');
    expect(writer.full).toBe(true);
    out.destroy();
    await expect(waiting).resolves.toBeUndefined();
    expect(writer.full).toBe(false);
    await expect(writer.send('data: after close\n\n')).resolves.toBeUndefined();
  });
});
