import type { DocumentProblem, ProblemCode } from './types';
import { errorMessage } from '../../../src-shared/error-text';

/** Thrown inside an extractor to turn into an error row; anything else becomes `corrupt`. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  constructor(readonly problem: DocumentProblem) {
    super(problem.message);
  }
}

export function problem(code: ProblemCode, message: string, hint: string): ProblemError {
  return new ProblemError({ code, message, hint });
}

export const MB = 1024 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MB) return `${(bytes / (1024 * MB)).toFixed(1)} GB`;
  if (bytes >= MB) return `${Math.round(bytes / MB)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** Turns any failure of an extractor into a row-ready problem with a hint. */
export function toProblem(error: unknown, what: string): DocumentProblem {
  if (error instanceof ProblemError) return error.problem;
  const detail = errorMessage(error);
  return {
    code: 'corrupt',
    message: `This ${what} could not be read: ${firstLine(detail)}`,
    hint: 'The file may be damaged or only partly downloaded. Open it in its usual app, save a fresh copy and drop that.',
  };
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
