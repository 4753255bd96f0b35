import { create } from 'zustand';
import type { JobProgress } from '../../../src-shared/api';
import { onLiveEvent } from './live-events';

interface JobsState {
  jobs: Record<string, JobProgress>;
  /** From the jobProgress event. */
  update(progress: JobProgress): void;
  forget(jobId: string): void;
}

/** Progress of long jobs (imports, estimates) as main reports it, keyed by job id. */
export const useJobsStore = create<JobsState>()((set, get) => ({
  jobs: {},
  update: (progress) => set({ jobs: { ...get().jobs, [progress.jobId]: progress } }),
  forget: (jobId) => {
    const { [jobId]: _gone, ...rest } = get().jobs;
    set({ jobs: rest });
  },
}));
onLiveEvent('jobProgress', (progress) => useJobsStore.getState().update(progress));
