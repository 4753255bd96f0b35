import type { FileRef, SavedEstimateView } from '../../../../src-shared/api';
import { messageOf } from '../../lib/errors';
import { useJobsStore } from '../../stores/jobs-store';
import { cancelJob, isCancellation, refsFor } from './estimate-files';
import {
  savedRefOf,
  UNREADABLE_SAVED,
  type EstimateSnapshot,
  type RunPhase,
  type SavedRef,
} from './estimate-shapes';

/**
 * One estimator's runs: at most one at a time, each a job in main under a fresh id. A new run
 * forgets the previous job's progress, and `cancel` stops the upload here or the job in main.
 */
export function estimateJobs(messages: {
  /** Shown when the user cancelled. */
  cancelled: string;
  /** Put before the error's own message when the run failed. */
  failed: string;
}) {
  let abort: AbortController | null = null;
  return {
    async run(
      previousJobId: string | null,
      set: (outcome: { phase: RunPhase; error: string }) => void,
      work: (jobId: string, signal: AbortSignal) => Promise<void>,
    ): Promise<void> {
      if (previousJobId) useJobsStore.getState().forget(previousJobId);
      abort = new AbortController();
      try {
        await work(crypto.randomUUID(), abort.signal);
      } catch (error) {
        set(
          isCancellation(error)
            ? { phase: 'cancelled', error: messages.cancelled }
            : { phase: 'failed', error: `${messages.failed}: ${messageOf(error)}` },
        );
      } finally {
        abort = null;
      }
    },
    cancel(phase: RunPhase, jobId: string | null): void {
      abort?.abort();
      if (phase === 'running') cancelJob(jobId);
    },
  };
}

/** The runs of an estimator whose inputs stay in the form, so a cancelled run is simply run again. */
export const uploadEstimateJobs = (what: string) =>
  estimateJobs({
    cancelled: 'Estimate cancelled. Change the inputs or run it again.',
    failed: `The ${what} could not be estimated`,
  });

/** The run state of an estimator whose files are uploaded, then counted as one job in main. */
export interface UploadRun<R> {
  phase: RunPhase;
  jobId: string | null;
  /** Bytes uploaded so far, over all the run's files. */
  sent: number;
  size: number;
  result: R | null;
  /** The inputs of the result on screen, as saved with it. */
  resultInput: Record<string, unknown> | null;
  error: string | null;
  saved: SavedRef | null;
}

/** A website or migration estimator's store: its form, the run, and the saved estimate on screen. */
export type UploadEstimator<Form, Field extends string, R> = Form &
  UploadRun<R> & {
    fieldErrors: Partial<Record<Field, string>>;
    update(patch: Partial<Form>): void;
    run(): Promise<void>;
    cancel(): void;
    showSaved(saved: SavedEstimateView): void;
    markSaved(ref: SavedRef | null): void;
    snapshot(): EstimateSnapshot | null;
  };

export const IDLE_RUN = {
  phase: 'idle',
  jobId: null,
  sent: 0,
  size: 0,
  result: null,
  resultInput: null,
  error: null,
  saved: null,
} as const satisfies UploadRun<never>;

/**
 * Uploads the files (browser), then has main estimate them; the result on screen is replaced, and
 * the form's field errors are cleared, as soon as the run starts.
 */
export async function runUploadEstimate<R>({
  jobs,
  previousJobId,
  set,
  files,
  estimate,
  input,
}: {
  jobs: ReturnType<typeof estimateJobs>;
  previousJobId: string | null;
  set: (patch: Partial<UploadRun<R>> & { fieldErrors?: Record<never, never> }) => void;
  files: readonly File[];
  estimate: (jobId: string, refs: FileRef[]) => Promise<R>;
  /** Saved with the result, so that re-opening it can say what it was made from. */
  input: Record<string, unknown>;
}): Promise<void> {
  await jobs.run(previousJobId, set, async (jobId, signal) => {
    const sentBy = files.map(() => 0);
    set({
      ...IDLE_RUN,
      fieldErrors: {},
      phase: 'uploading',
      jobId,
      size: files.reduce((s, f) => s + f.size, 0),
    });
    const refs = await refsFor(
      files,
      (index, sent) => {
        sentBy[index] = sent;
        set({ sent: sentBy.reduce((s, n) => s + n, 0) });
      },
      signal,
    );
    set({ phase: 'running' });
    const result = await estimate(jobId, refs);
    set({ phase: 'done', result, resultInput: input });
  });
}

/** A saved estimate re-opened in place of the run: its result if readable, else why not. */
export const reopenedRun = (saved: SavedEstimateView, readable: boolean) => ({
  phase: readable ? ('done' as const) : ('failed' as const),
  jobId: null,
  error: readable ? null : UNREADABLE_SAVED,
  saved: savedRefOf(saved, true),
});
