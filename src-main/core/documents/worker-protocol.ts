import type { ExtractOutcome, ExtractReport, ExtractRequest } from './extract';

export interface ExtractTask {
  type: 'extract';
  request: ExtractRequest;
}

export type WorkerReply =
  { type: 'report'; report: ExtractReport } | { type: 'done'; outcome: ExtractOutcome };
