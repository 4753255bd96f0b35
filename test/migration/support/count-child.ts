/**
 * Counts one export in a fresh process and prints the result with the process's peak RSS, so
 * the memory figure belongs to the counting alone (not to the test runner or the file's writer).
 * A ZIP goes through the same member-by-member reading as the app's migration estimate.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { countExport, openExportFile, type ExportCount } from '../../../src-main/core/migration';

const path = process.argv[2];
if (!path) throw new Error('usage: count-child.ts <export file>');
const started = performance.now();
const file = await openExportFile({ path, name: basename(path), size: statSync(path).size });
const parts: ExportCount[] = [];
for await (const part of file.parts) parts.push(await countExport(part.input));
if (parts.length !== 1) throw new Error(`expected one export in ${path}, found ${parts.length}`);
const result = parts[0]!;
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
