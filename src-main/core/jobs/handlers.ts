import type { JobMethods } from '../../../src-shared/api/jobs';
import type { HandlerTable } from '../api/dispatcher';
import { uploadOwner, type Uploads } from '../files/uploads';
import type { Jobs } from './jobs';

export interface JobHandlerDeps {
  uploads: Pick<Uploads, 'begin' | 'append'>;
  jobs: Pick<Jobs, 'cancel'>;
}

export function jobHandlers({ uploads, jobs }: JobHandlerDeps): HandlerTable<keyof JobMethods> {
  return {
    beginUpload: async ({ name, size }, call) => ({ uploadId: uploads.begin(name, size, uploadOwner(call)) }),
    appendUpload: async ({ uploadId, chunk }) => ({ received: uploads.append(uploadId, chunk) }),
    cancelJob: async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
  };
}
