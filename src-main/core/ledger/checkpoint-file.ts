import { createHash } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { z } from 'zod';
import { CHECKPOINT_FORMAT, parseCheckpoint, type BalanceCheckpoint } from '../../../src-shared/ledger';
import { writeFileAtomic } from '../atomic-file';
import type { WritePosition } from './ledger-reader';
import { describeIssues } from '../../../src-shared/error-text';

/**
 * The balance checkpoint file in the data folder: `<sha256 of the body>\n<JSON body>`. The hash
 * catches torn or bit-flipped files that would still parse; the body says which database the
 * counts refer to and up to which storage write the checkpoints saw the ledger.
 */

export const CHECKPOINT_FILE_NAME = 'balance-checkpoint.json';
const KIND = 'creditdesk-balance-checkpoint';

export interface CheckpointFile {
  /** RxDB storage token of the database it was read from: a copied or recreated database differs. */
  database: string;
  /** The latest storage write the checkpoints reflect: later ones must not touch entries before a cut. */
  written: WritePosition;
  /** Ascending cuts, each usable on its own. */
  checkpoints: BalanceCheckpoint[];
}

const bodySchema = z.strictObject({
  kind: z.literal(KIND),
  format: z.literal(CHECKPOINT_FORMAT),
  database: z.string().min(1).max(200),
  written: z.strictObject({ lwt: z.number().min(0).max(Number.MAX_SAFE_INTEGER), id: z.string().max(300) }),
  checkpoints: z.array(z.unknown()).max(16),
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function writeCheckpointFile(path: string, file: CheckpointFile): void {
  const body = JSON.stringify({ kind: KIND, format: CHECKPOINT_FORMAT, ...file });
  writeFileAtomic(path, `${sha256(body)}\n${body}`);
}

/**
 * Reads and checks the file. Any problem — missing, unreadable, torn, edited, another format —
 * yields a reason instead of a file: a checkpoint is a cache, never trusted on its own word.
 */
export function readCheckpointFile(path: string): { file: CheckpointFile } | { reason: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { reason: code === 'ENOENT' ? 'missing' : `unreadable (${code ?? String(error)})` };
  }
  const newline = text.indexOf('\n');
  if (newline !== 64) return { reason: 'not a checkpoint file' };
  const body = text.slice(newline + 1);
  if (sha256(body) !== text.slice(0, newline))
    return { reason: 'its checksum does not match (torn or edited)' };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { reason: 'its body is not JSON' };
  }
  const parsed = bodySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { reason: `${describeIssues([issue], 'body')} (an older or foreign file)` };
  }
  try {
    const checkpoints = parsed.data.checkpoints.map(parseCheckpoint);
    return { file: { database: parsed.data.database, written: parsed.data.written, checkpoints } };
  } catch (error) {
    return { reason: (error as Error).message };
  }
}

/** Removes the file (a change it cannot see was just made); a missing file is fine. */
export function removeCheckpointFile(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
