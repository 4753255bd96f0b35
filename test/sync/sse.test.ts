import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { readSse, type SseEvent } from '../../src-main/core/sync/sse';
import { Backoff } from '../../src-main/core/sync/backoff';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function collect(chunks: string[]): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of readSse(streamOf(chunks), () => {})) events.push(event);
  return events;
}

describe('server-sent events over fetch', () => {
  const text =
    ': ping\n\ndata: "RESYNC"\n\nevent: error\ndata: {"statusCode":401}\n\ndata: line one\r\ndata: line two\r\n\r\ndata:{"x":"ü"}\n\n';
  const expected: SseEvent[] = [
    { event: 'message', data: '"RESYNC"' },
    { event: 'error', data: '{"statusCode":401}' },
    { event: 'message', data: 'line one\nline two' },
    { event: 'message', data: '{"x":"ü"}' },
  ];

  test('parses events, comments, named events, multi-line data and CRLF', async () => {
    expect(await collect([text])).toEqual(expected);
  });

  test('gives the same events however the bytes are split into chunks', async () => {
    const bytes = new TextEncoder().encode(text);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }),
        async (cuts) => {
          const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
          const stream = new ReadableStream<Uint8Array>({
            start(controller) {
              for (let i = 1; i < points.length; i++)
                controller.enqueue(bytes.slice(points[i - 1], points[i]));
              controller.close();
            },
          });
          const events: SseEvent[] = [];
          for await (const event of readSse(stream, () => {})) events.push(event);
          expect(events).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('backoff', () => {
  test('grows to its ceiling with jitter and resets', () => {
    const backoff = new Backoff(100, 1000);
    const delays = Array.from({ length: 8 }, () => backoff.next());
    expect(delays[0]).toBeGreaterThanOrEqual(50);
    expect(delays[0]).toBeLessThanOrEqual(100);
    expect(delays.at(-1)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...delays)).toBeLessThanOrEqual(1000);
    backoff.reset();
    expect(backoff.next()).toBeLessThanOrEqual(100);
  });
});
