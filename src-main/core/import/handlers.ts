import type { ImportMethods } from '../../../src-shared/api/import';
import type { HandlerTable } from '../api/dispatcher';
import type { Uploads } from '../files/uploads';
import type { Jobs } from '../jobs/jobs';
import type { GrantService } from '../grants/grant-service';
import { importUsage, type ImportDeps } from './import-usage';

export interface ImportHandlerDeps extends ImportDeps {
  uploads: Pick<Uploads, 'resolve'>;
  jobs: Pick<Jobs, 'run'>;
  grants: Pick<GrantService, 'ensure'>;
}

export function importHandlers(deps: ImportHandlerDeps): HandlerTable<keyof ImportMethods> {
  const { uploads, jobs, grants, store, settings, machineId, now } = deps;
  return {
    importUsage: async ({ jobId, file, format, mapping }, call) => {
      const resolved = uploads.resolve(file, call);
      const result = await jobs.run(jobId, 'import', `Importing ${resolved.name}`, (job) =>
        importUsage({ store, settings, machineId, now }, resolved, format, mapping, job),
      );
      if (result.imported > 0) await grants.ensure();
      return { jobId, ...result };
    },
  };
}
