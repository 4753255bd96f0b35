import { ApiError } from '../../../src-shared/api/errors';
import type * as V from '../../../src-shared/api/views';
import type { ResolvedFile } from '../files/uploads';
import type { EstimatorDeps } from './estimators';

// TEMPORARY while the website and migration counters land (issue #7); replaced before #7 closes.
export async function estimateWebsiteJob(
  _deps: EstimatorDeps,
  _input: { sitemap?: ResolvedFile; urls?: string[]; avgChars?: number; samples?: ResolvedFile[] },
  _jobId: string,
): Promise<V.WebsiteEstimateView> {
  throw new ApiError('unavailable', 'Website estimates are not available yet.');
}

export async function estimateMigrationJob(
  _deps: EstimatorDeps,
  _input: {
    platform: V.MigrationEstimateView['platform'];
    files: ResolvedFile[];
    counts?: { conversations: number; articles: number; documentPages: number };
  },
  _jobId: string,
): Promise<V.MigrationEstimateView> {
  throw new ApiError('unavailable', 'Migration estimates are not available yet.');
}
