import type { DocumentProblem } from './types';
import { WorkerCrashError, WorkerTimeoutError } from './worker-pool';
import { errorMessage } from '../../../src-shared/error-text';

/** The row problem for a file whose worker thread timed out, ran out of heap or died. */
export function crashProblem(error: unknown, workerMemoryMb: number): DocumentProblem {
  if (error instanceof WorkerTimeoutError) {
    return {
      code: 'timeout',
      message: `Reading this file took longer than ${Math.round(error.timeoutMs / 1000)} s, so it was stopped.`,
      hint: 'The file may be extremely complex or damaged. Try splitting it or saving a simpler copy.',
    };
  }
  if (error instanceof WorkerCrashError && error.outOfMemory) {
    return {
      code: 'crashed',
      message: `Reading this file needed more than the ${workerMemoryMb} MB allowed for one document, so it was stopped.`,
      hint: 'The file is unusually complex (or crafted to exhaust memory). Split it or save a simpler copy.',
    };
  }
  return {
    code: 'crashed',
    message: `The text extractor stopped unexpectedly on this file (${errorMessage(error)}).`,
    hint: 'The file may be damaged. Open it in its usual app, save a fresh copy and drop that; other files are unaffected.',
  };
}
