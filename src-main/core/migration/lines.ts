export interface Line {
  /** 1-based. */
  number: number;
  text: string;
}

export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/**
 * Splits a byte stream into UTF-8 lines (LF or CRLF) without ever holding more than one line and
 * one chunk. A line longer than the limit is reported through `onTooLong` and skipped, so one
 * corrupt giant line cannot exhaust memory.
 */
export async function* splitLines(
  chunks: AsyncIterable<Buffer>,
  onTooLong: (lineNumber: number) => void,
): AsyncGenerator<Line> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = false;
  let number = 0;
  for await (const chunk of chunks) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl < 0) break;
      number++;
      if (skipping) {
        skipping = false;
      } else if (pendingBytes + (nl - start) > MAX_LINE_BYTES) {
        onTooLong(number);
      } else {
        const line =
          pendingBytes === 0
            ? chunk.subarray(start, nl)
            : Buffer.concat([...pending, chunk.subarray(start, nl)]);
        yield { number, text: decodeLine(line) };
      }
      pending = [];
      pendingBytes = 0;
      start = nl + 1;
    }
    if (start < chunk.length && !skipping) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > MAX_LINE_BYTES) {
        onTooLong(number + 1);
        skipping = true;
        pending = [];
        pendingBytes = 0;
      }
    }
  }
  if (pendingBytes > 0) {
    number++;
    yield { number, text: decodeLine(Buffer.concat(pending)) };
  }
}

function decodeLine(line: Buffer): string {
  const end = line.length > 0 && line[line.length - 1] === 0x0d ? line.length - 1 : line.length;
  return line.toString('utf8', 0, end);
}
