/**
 * Counts one export in a fresh process and prints the result with the process's peak RSS, so
 * the memory figure belongs to the counting alone (not to the test runner or the file's writer).
 */
import { countExport } from '../../../src-main/core/migration';

const path = process.argv[2];
if (!path) throw new Error('usage: count-child.ts <export file>');
const started = performance.now();
const result = await countExport({ path });
const ms = performance.now() - started;
process.stdout.write(
  JSON.stringify({
    conversations: result.conversations,
    characters: result.characters,
    skipped: result.skipped,
    problemCount: result.problemCount,
    bytesRead: result.bytesRead,
    ms,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
