import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanText, countChars } from '../../src-shared/pricing/text';
import { ticketLine, writeZendeskExport } from './support/zendesk-export';
import { zipOneFile } from './support/zip-stream';

/** MIGRATION_BIG_TICKETS=1000000 runs the full million; the default keeps the suite fast. */
const TICKETS = Number(process.env.MIGRATION_BIG_TICKETS ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'creditdesk-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Counts in a fresh process whose V8 heap is capped far below the file's size: an implementation
 * that held the export (or grew with it) would die there, whatever the garbage collector's mood.
 */
const HEAP_CAP_MB = 48;

function countInChild(file: string) {
  const child = new URL('./support/count-child.ts', import.meta.url).pathname;
  const args = [`--max-old-space-size=${HEAP_CAP_MB}`, '--import', 'tsx', child, file];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out) as {
    conversations: number;
    characters: number;
    skipped: { deleted: number };
    problemCount: number;
    bytesRead: number;
    ms: number;
    maxRssBytes: number;
  };
}

describe(`a ${TICKETS.toLocaleString('en-US')}-ticket Zendesk export`, () => {
  it(
    'is counted exactly, streaming, with memory that does not grow with the file',
    { timeout: 600_000 },
    async () => {
      const small = join(dir, 'small.ndjson');
      const big = join(dir, 'big.ndjson');
      await writeZendeskExport(small, Math.floor(TICKETS / 10));
      await writeZendeskExport(big, TICKETS);

      let characters = 0;
      for (let i = 0; i < TICKETS; i++) {
        if (i % 10 === 9) continue;
        const t = JSON.parse(ticketLine(i)) as { subject: string; description: string };
        characters += countChars(cleanText(`${t.subject} ${t.description}`));
      }

      const smallRun = countInChild(small);
      const bigRun = countInChild(big);
      const size = statSync(big).size;
      const mb = (b: number) => Math.round(b / (1024 * 1024));
      console.log(
        `[migration] ${TICKETS} tickets, ${mb(size)} MB: ${Math.round(bigRun.ms)} ms, peak RSS ${mb(bigRun.maxRssBytes)} MB ` +
          `(${TICKETS / 10} tickets: peak RSS ${mb(smallRun.maxRssBytes)} MB)`,
      );

      expect(bigRun).toMatchObject({
        conversations: TICKETS - TICKETS / 10,
        characters,
        skipped: { deleted: TICKETS / 10 },
        problemCount: 0,
        bytesRead: size,
      });
      expect(size).toBeGreaterThan(HEAP_CAP_MB * 1024 * 1024);
      // Ten times the tickets may cost some collector slack (young generation, buffers), never the file.
      expect(bigRun.maxRssBytes - smallRun.maxRssBytes).toBeLessThan(HEAP_CAP_MB * 1024 * 1024);
      expect(bigRun.maxRssBytes).toBeLessThan(200 * 1024 * 1024);

      // The same export as help desks hand it out, zipped: read member by member, still streaming.
      const zipped = join(dir, 'big.zip');
      await zipOneFile(big, zipped);
      const zipRun = countInChild(zipped);
      console.log(
        `[migration] the same zipped, ${mb(statSync(zipped).size)} MB: ${Math.round(zipRun.ms)} ms, peak RSS ${mb(zipRun.maxRssBytes)} MB`,
      );
      expect(zipRun).toMatchObject({
        conversations: bigRun.conversations,
        characters,
        skipped: { deleted: TICKETS / 10 },
        problemCount: 0,
        bytesRead: size,
      });
      expect(zipRun.maxRssBytes - smallRun.maxRssBytes).toBeLessThan(HEAP_CAP_MB * 1024 * 1024);
    },
  );
});
