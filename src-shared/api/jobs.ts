import { z } from 'zod';
import { UPLOAD_CHUNK_BYTES, MAX_FILE_BYTES } from './files';
import { jobId, method } from './method';

/** Long work and the files it reads: uploads from a browser, progress, cancelling. */

export type JobKind = 'import' | 'documents' | 'website' | 'migration' | 'export';

export interface JobProgress {
  jobId: string;
  kind: JobKind;
  phase: 'running' | 'done' | 'failed' | 'cancelled';
  done: number;
  total: number | null;
  unit: 'bytes' | 'rows' | 'files' | 'pages';
  label: string;
  files?: {
    name: string;
    done: number;
    total: number | null;
    state: 'queued' | 'running' | 'done' | 'error';
  }[];
}

export const jobMethods = {
  beginUpload: method<{ uploadId: string }>()(
    z.strictObject({ name: z.string().min(1).max(512), size: z.number().int().min(0).max(MAX_FILE_BYTES) }),
  ),
  appendUpload: method<{ received: number }>()(
    z.strictObject({
      uploadId: z.string().uuid(),
      chunk: z
        .instanceof(Uint8Array)
        .refine((c) => c.byteLength <= UPLOAD_CHUNK_BYTES, `chunks are at most ${UPLOAD_CHUNK_BYTES} bytes`),
    }),
  ),
  cancelJob: method<{ cancelled: boolean }>()(z.strictObject({ jobId })),
} as const;
export type JobMethods = typeof jobMethods;

export interface JobEvents {
  jobProgress: JobProgress;
}
