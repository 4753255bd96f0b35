import { availableParallelism } from 'node:os';
import { DEFAULT_RATE_CARD, type RateCard } from '../../../src-shared/pricing';
import { Batch, type BatchSettings } from './batch';
import {
  DEFAULT_LIMITS,
  type BatchEstimate,
  type DocumentInput,
  type EstimateOptions,
  type ExtractionLimits,
} from './types';
import { WorkerPool } from './worker-pool';
import type { ExtractTask, WorkerReply } from './worker-protocol';
import { workerSpecFor } from './worker-spec';

export interface DocumentEstimatorOptions {
  /** Worker threads at most (default: 2, or 1 on a single-core machine). */
  maxWorkers?: number;
  limits?: Partial<ExtractionLimits>;
  /** A file still being read after this long is stopped and gets a `timeout` row. */
  fileTimeoutMs?: number;
  /** V8 heap cap of each worker; a file that needs more gets a `crashed` row, the app lives on. */
  workerMemoryMb?: number;
  idleTimeoutMs?: number;
  /** The bundled worker entry (see worker-spec.ts); omit when running from TypeScript sources. */
  workerUrl?: string | URL;
  rateCard?: RateCard;
}

export interface DocumentEstimator {
  estimate(inputs: readonly DocumentInput[], options?: EstimateOptions): Promise<BatchEstimate>;
  /** Stops the worker threads; files still being read get `crashed` rows, later calls fail. */
  close(): Promise<void>;
}

export function createDocumentEstimator(options: DocumentEstimatorOptions = {}): DocumentEstimator {
  const maxWorkers = Math.max(1, Math.floor(options.maxWorkers ?? Math.min(2, availableParallelism())));
  const limits: ExtractionLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const pool = new WorkerPool<ExtractTask, WorkerReply>({
    size: maxWorkers,
    spec: workerSpecFor(options.workerUrl),
    resourceLimits: { maxOldGenerationSizeMb: options.workerMemoryMb ?? 1024 },
    idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
  });
  const settings: BatchSettings = {
    pool,
    maxWorkers,
    limits,
    fileTimeoutMs: options.fileTimeoutMs ?? 180_000,
    workerMemoryMb: options.workerMemoryMb ?? 1024,
    card: options.rateCard ?? DEFAULT_RATE_CARD,
  };
  return {
    estimate: (inputs, estimateOptions = {}) => new Batch(settings, inputs, estimateOptions).run(),
    close: () => pool.close(),
  };
}
