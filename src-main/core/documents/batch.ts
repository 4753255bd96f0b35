import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { RateCard } from '../../../src-shared/pricing';
import type { ExtractOutcome, ExtractReport, ExtractRequest } from './extract';
import { kindFromName, unsupportedMessage } from './kinds';
import { PAGE_CHUNK } from './pdf-file';
import { pdfWarnings } from './pdf-report';
import { priceDocument } from './pricing';
import { ProblemError } from './problems';
import { tooLarge } from './read-input';
import { summarise } from './totals';
import type {
  BatchEstimate,
  DocumentInput,
  DocumentProblem,
  EstimateOptions,
  EstimateProgress,
  ExtractionLimits,
  FileEstimate,
} from './types';
import { crashProblem } from './crash-problem';
import type { WorkerPool } from './worker-pool';
import type { ExtractTask, WorkerReply } from './worker-protocol';

export interface BatchSettings {
  pool: WorkerPool<ExtractTask, WorkerReply>;
  maxWorkers: number;
  limits: ExtractionLimits;
  fileTimeoutMs: number;
  workerMemoryMb: number;
  card: RateCard;
}

interface FileState {
  index: number;
  name: string;
  input: DocumentInput;
  size: number | null;
  bytesDone: number;
  /** Pages read per participating thread (primary is key 0). */
  pagesRead: Map<number, number>;
  pagesTotal: number | null;
  cursor: SharedArrayBuffer;
  helpers: number;
  pending: Promise<ExtractOutcome>[];
  started: number;
  finished: boolean;
}

/** One call to estimate(): schedules files and PDF helpers onto the pool and builds the rows. */
export class Batch {
  private readonly rows: (FileEstimate | undefined)[];
  private readonly files: FileState[];
  private readonly queue: FileState[] = [];
  private readonly progress: (event: EstimateProgress) => void;
  private readonly signal: AbortSignal | undefined;
  private done = 0;
  private nextParticipant = 1;
  private resolveAll!: () => void;
  private rejectAll!: (reason: unknown) => void;

  constructor(
    private readonly settings: BatchSettings,
    inputs: readonly DocumentInput[],
    options: EstimateOptions,
  ) {
    this.signal = options.signal;
    this.progress = (event) => {
      try {
        options.onProgress?.(event);
      } catch {
        // A failing progress listener must not lose the estimate.
      }
    };
    this.rows = new Array<FileEstimate | undefined>(inputs.length);
    this.files = inputs.map((input, index) => ({
      index,
      name: displayName(input),
      input,
      size: 'bytes' in input ? input.bytes.byteLength : null,
      bytesDone: 0,
      pagesRead: new Map(),
      pagesTotal: null,
      cursor: new SharedArrayBuffer(4),
      helpers: 0,
      pending: [],
      started: Date.now(),
      finished: false,
    }));
  }

  async run(): Promise<BatchEstimate> {
    this.signal?.throwIfAborted();
    const all = new Promise<void>((resolve, reject) => {
      this.resolveAll = resolve;
      this.rejectAll = reject;
    });
    const onAbort = () => this.rejectAll(this.signal?.reason);
    this.signal?.addEventListener('abort', onAbort, { once: true });
    // Another batch's finished task may free the thread this one is waiting for.
    const stopListening = this.settings.pool.onFree(() => this.pump());
    try {
      await this.screen();
      if (this.done === this.files.length) this.resolveAll();
      this.pump();
      await all;
    } finally {
      this.signal?.removeEventListener('abort', onAbort);
      stopListening();
    }
    const files = this.rows as FileEstimate[];
    // Rows finish out of order; the final word on duplicates is by position in the list.
    for (const row of files) row.duplicateOf = this.twinOf(row);
    return { files, totals: summarise(files), rateCardVersion: this.settings.card.version };
  }

  /** Rows that need no worker: unknown types, missing files, oversized files. */
  private async screen(): Promise<void> {
    await Promise.all(
      this.files.map(async (file) => {
        if (!kindFromName(file.name)) {
          const { message, hint } = unsupportedMessage(file.name);
          return this.errorRow(file, { code: 'unsupported', message, hint });
        }
        if ('path' in file.input) {
          try {
            file.size = (await stat(file.input.path)).size;
          } catch {
            // The worker reports the precise reason (missing, permission) with its hint.
          }
        }
        if (file.size === 0) {
          return this.errorRow(file, {
            code: 'empty',
            message: `${file.name} is empty (0 bytes); there is nothing to estimate.`,
            hint: 'Check that the file was saved or downloaded completely, then drop the full copy.',
          });
        }
        if (file.size !== null && file.size > this.settings.limits.maxFileBytes) {
          return this.errorRow(
            file,
            (tooLarge(file.size, this.settings.limits.maxFileBytes) as ProblemError).problem,
          );
        }
        this.queue.push(file);
        this.fileProgress(file, 'queued');
      }),
    );
    this.queue.sort((a, b) => a.index - b.index);
    this.batchProgress();
  }

  /** Starts work while threads are free: queued files first, then helpers for long PDFs. */
  private pump(): void {
    const { pool } = this.settings;
    while (pool.free > 0 && !this.signal?.aborted) {
      const next = this.queue.shift();
      if (next) {
        this.startPrimary(next);
        continue;
      }
      const joinable = this.files.find((f) => this.canJoin(f));
      if (!joinable) break;
      this.startHelper(joinable);
    }
  }

  private canJoin(file: FileState): boolean {
    if (file.finished || file.pagesTotal === null || file.helpers >= this.settings.maxWorkers - 1)
      return false;
    const claimed = Atomics.load(new Int32Array(file.cursor), 0);
    return file.pagesTotal - claimed >= 2 * PAGE_CHUNK;
  }

  private startPrimary(file: FileState): void {
    file.started = Date.now();
    const primary = this.runTask(file, 0, 'primary');
    file.pending.push(primary);
    void this.complete(file, primary);
  }

  private startHelper(file: FileState): void {
    file.helpers++;
    file.pending.push(this.runTask(file, this.nextParticipant++, 'helper'));
  }

  private runTask(
    file: FileState,
    participant: number,
    role: ExtractRequest['role'],
  ): Promise<ExtractOutcome> {
    const request: ExtractRequest = {
      input: 'bytes' in file.input ? { bytes: file.input.bytes } : { path: file.input.path },
      name: file.name,
      limits: this.settings.limits,
      role,
      pageCursor: file.cursor,
    };
    const task = this.settings.pool.run(
      { type: 'extract', request },
      {
        signal: this.signal,
        timeoutMs: this.settings.fileTimeoutMs,
        isFinal: (reply) => reply.type === 'done',
        onReply: (reply) => {
          if (reply.type === 'report') this.onReport(file, participant, role, reply.report);
        },
      },
    );
    const outcome = task.then((reply) => (reply as Extract<WorkerReply, { type: 'done' }>).outcome);
    // Every finished task frees a thread, whatever the outcome.
    void outcome.then(
      () => this.pump(),
      () => this.pump(),
    );
    return outcome;
  }

  private onReport(
    file: FileState,
    participant: number,
    role: ExtractRequest['role'],
    report: ExtractReport,
  ): void {
    if (role === 'primary') {
      file.bytesDone = report.bytesDone;
      file.size = report.bytesTotal;
    }
    if (report.pagesTotal !== undefined) {
      const opened = file.pagesTotal === null;
      file.pagesTotal = report.pagesTotal;
      file.pagesRead.set(participant, report.pagesRead ?? 0);
      if (opened) this.pump();
    }
    // A helper re-reading the file is not news for the user; only its pages count.
    this.fileProgress(file, role === 'primary' ? report.stage : 'extracting');
    if (role === 'primary' && report.stage === 'reading') this.batchProgress();
  }

  /** Waits for the primary and every helper of a file, then merges their parts into one row. */
  private async complete(file: FileState, primary: Promise<ExtractOutcome>): Promise<void> {
    let row: FileEstimate;
    try {
      const first = await primary;
      file.finished = true;
      const results = await Promise.allSettled(file.pending);
      row = this.merge(file, first, results);
    } catch (error) {
      file.finished = true;
      if (this.signal?.aborted) return;
      row = this.crashRow(file, error);
    }
    this.finishRow(file, row);
  }

  private merge(
    file: FileState,
    primary: ExtractOutcome,
    results: PromiseSettledResult<ExtractOutcome>[],
  ): FileEstimate {
    if (!primary.ok) return this.row(file, primary, primary.problem);
    const base = this.row(file, primary, null);
    let chars = 0;
    let segments = 0;
    const pdf = primary.pdf
      ? { ...primary.pdf, chars: 0, segments: 0, pagesRead: 0, emptyPages: 0, failedPages: 0 }
      : null;
    for (const result of results) {
      if (result.status === 'rejected') return this.crashRow(file, result.reason);
      const part = result.value;
      // A helper that could not open the file claimed no pages; the primary read them instead.
      if (!part.ok) continue;
      chars += part.chars;
      segments += part.segments;
      if (pdf && part.pdf) {
        pdf.pagesRead += part.pdf.pagesRead;
        pdf.emptyPages += part.pdf.emptyPages;
        pdf.failedPages += part.pdf.failedPages;
      }
    }
    const total = chars + Math.max(0, segments - 1);
    let warnings = primary.warnings;
    if (pdf) {
      if (pdf.pagesRead !== pdf.pages) {
        return this.crashRow(file, new Error(`only ${pdf.pagesRead} of ${pdf.pages} pages were read`));
      }
      try {
        warnings = [...warnings, ...pdfWarnings(pdf, total)];
      } catch (error) {
        if (error instanceof ProblemError) return { ...base, status: 'error', problem: error.problem };
        throw error;
      }
    }
    const price = priceDocument(total, this.settings.card);
    return { ...base, chars: total, pages: price.pages, millicredits: price.millicredits, warnings };
  }

  private row(file: FileState, outcome: ExtractOutcome, problem: DocumentProblem | null): FileEstimate {
    return {
      index: file.index,
      name: file.name,
      kind: outcome.kind,
      bytes: outcome.bytes ?? file.size,
      status: problem ? 'error' : 'ok',
      sha256: outcome.sha256,
      chars: 0,
      pages: 0,
      millicredits: 0,
      pdfPages: outcome.ok && outcome.pdf ? outcome.pdf.pages : null,
      warnings: [],
      problem,
      duplicateOf: null,
      durationMs: Date.now() - file.started,
    };
  }

  private crashRow(file: FileState, error: unknown): FileEstimate {
    return {
      ...this.emptyRow(file, crashProblem(error, this.settings.workerMemoryMb)),
      pdfPages: file.pagesTotal,
    };
  }

  /** An error row for a file whose extraction produced nothing usable. */
  private emptyRow(file: FileState, problem: DocumentProblem): FileEstimate {
    return {
      index: file.index,
      name: file.name,
      kind: kindFromName(file.name),
      bytes: file.size,
      status: 'error',
      sha256: null,
      chars: 0,
      pages: 0,
      millicredits: 0,
      pdfPages: null,
      warnings: [],
      problem,
      duplicateOf: null,
      durationMs: Date.now() - file.started,
    };
  }

  private errorRow(file: FileState, problem: DocumentProblem): void {
    file.finished = true;
    this.finishRow(file, { ...this.emptyRow(file, problem), durationMs: 0 });
  }

  private finishRow(file: FileState, row: FileEstimate): void {
    if (this.rows[file.index]) return;
    this.rows[file.index] = row;
    row.duplicateOf = this.twinOf(row);
    this.done++;
    if (row.status === 'ok') file.bytesDone = row.bytes ?? file.bytesDone;
    this.fileProgress(file, 'done');
    this.progress({ type: 'file-result', row });
    this.batchProgress();
    if (this.done === this.files.length) this.resolveAll();
  }

  /**
   * The first earlier row with the same bytes: shown, but priced once, as "record as training"
   * is idempotent by content hash.
   */
  private twinOf(row: FileEstimate): number | null {
    if (row.status !== 'ok' || !row.sha256) return null;
    for (let i = 0; i < row.index; i++) {
      const other = this.rows[i];
      if (other?.status === 'ok' && other.sha256 === row.sha256) return i;
    }
    return null;
  }

  private fileProgress(file: FileState, stage: 'queued' | 'reading' | 'extracting' | 'done'): void {
    let pagesDone: number | null = null;
    if (file.pagesTotal !== null) {
      pagesDone = 0;
      for (const n of file.pagesRead.values()) pagesDone += n;
    }
    this.progress({
      type: 'file',
      index: file.index,
      name: file.name,
      stage,
      bytesDone: file.bytesDone,
      bytesTotal: file.size,
      pagesDone,
      pagesTotal: file.pagesTotal,
    });
  }

  private batchProgress(): void {
    let bytesDone = 0;
    let bytesTotal = 0;
    for (const f of this.files) {
      bytesTotal += f.size ?? 0;
      bytesDone += this.rows[f.index] ? (f.size ?? 0) : f.bytesDone;
    }
    this.progress({
      type: 'batch',
      filesDone: this.done,
      filesTotal: this.files.length,
      bytesDone,
      bytesTotal,
    });
  }
}

function displayName(input: DocumentInput): string {
  if ('bytes' in input) return input.name;
  return input.name ?? basename(input.path);
}
