import { randomUUID } from 'node:crypto';
import type { EstimateMethods } from '../../../src-shared/api/estimate';
import type { HandlerTable } from '../api/dispatcher';
import type { Uploads } from '../files/uploads';
import type { Estimators } from './estimators';

export interface EstimateHandlerDeps {
  estimators: Estimators;
  uploads: Pick<Uploads, 'resolve'>;
}

export function estimateHandlers({
  estimators,
  uploads,
}: EstimateHandlerDeps): HandlerTable<keyof EstimateMethods> {
  return {
    estimateDocuments: ({ jobId, files }, call) =>
      estimators.documents(
        jobId,
        files.map((f) => uploads.resolve(f, call)),
      ),
    recordTraining: ({ estimateId }) => estimators.recordTraining(estimateId),
    estimateWebsite: ({ jobId, sitemap, urls, urlList, avgChars, samples }, call) =>
      estimators.website(jobId, {
        sitemap: sitemap ? uploads.resolve(sitemap, call) : undefined,
        urls,
        urlList: urlList ? uploads.resolve(urlList, call) : undefined,
        avgChars,
        samples: samples?.map((s) => uploads.resolve(s, call)),
      }),
    estimateMigration: ({ jobId, platform, files, counts }, call) =>
      estimators.migration(
        jobId,
        platform,
        files.map((f) => uploads.resolve(f, call)),
        counts,
      ),
    saveEstimate: (input) => estimators.save({ ...input, id: input.id ?? randomUUID() }),
    listEstimates: () => estimators.list(),
    deleteEstimate: async ({ id }) => ({ deleted: await estimators.remove(id) }),
  };
}
