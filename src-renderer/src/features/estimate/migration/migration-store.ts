import { create } from 'zustand';
import type { MigrationEstimateView } from '../../../../../src-shared/api';
import { api } from '../../../api/current';
import { formatCount } from '../../../lib/format';
import { isTooLarge, tooLargeMessage } from '../estimate-files';
import { parseCount } from '../estimate-input';
import {
  IDLE_RUN,
  reopenedRun,
  runUploadEstimate,
  uploadEstimateJobs,
  type UploadEstimator,
} from '../estimate-run';
import { inProgress, migrationResultOf } from '../estimate-shapes';

export type Platform = MigrationEstimateView['platform'];

export const PLATFORMS: { id: Platform; name: string }[] = [
  { id: 'helpscout', name: 'Help Scout' },
  { id: 'zendesk', name: 'Zendesk' },
  { id: 'intercom', name: 'Intercom' },
];
export const platformName = (id: Platform): string => PLATFORMS.find((p) => p.id === id)?.name ?? id;

/** The API's limit of export files per estimate. */
const MAX_FILES = 20;

export type CountField = 'conversations' | 'articles' | 'documentPages';
export type MigrationField = CountField | 'files';

export interface MigrationForm {
  platform: Platform;
  files: File[];
  conversations: string;
  articles: string;
  documentPages: string;
}

type MigrationState = UploadEstimator<MigrationForm, MigrationField, MigrationEstimateView>;

const COUNT_FIELDS: CountField[] = ['conversations', 'articles', 'documentPages'];

function validate(form: MigrationForm): {
  errors: Partial<Record<MigrationField, string>>;
  counts: Record<CountField, number> | undefined;
} {
  const errors: Partial<Record<MigrationField, string>> = {};
  const counts: Record<CountField, number> = { conversations: 0, articles: 0, documentPages: 0 };
  let typed = false;
  for (const field of COUNT_FIELDS) {
    if (!form[field].trim()) continue;
    const parsed = parseCount(form[field]);
    if ('error' in parsed) errors[field] = parsed.error;
    else {
      counts[field] = parsed.value;
      typed = true;
    }
  }
  const big = form.files.find(isTooLarge);
  if (big) errors.files = tooLargeMessage(big);
  else if (form.files.length > MAX_FILES)
    errors.files = `Choose at most ${formatCount(MAX_FILES)} export files per estimate.`;
  else if (form.files.length === 0 && !typed && Object.keys(errors).length === 0)
    errors.files = 'Choose the export files, or type the counts below.';
  return { errors, counts: typed ? counts : undefined };
}

/**
 * A help-desk migration: export files main streams and counts, plus typed counts, priced and
 * compared with the balance, with the cheapest bundles for a shortfall.
 */
export const createEstimateMigrationStore = () =>
  create<MigrationState>()((set, get) => {
    const jobs = uploadEstimateJobs('migration');
    return {
      platform: 'helpscout',
      files: [],
      conversations: '',
      articles: '',
      documentPages: '',
      fieldErrors: {},
      ...IDLE_RUN,

      update: (patch) => {
        const cleared = { ...get().fieldErrors };
        for (const key of Object.keys(patch) as (keyof MigrationForm)[]) {
          if (key !== 'platform') delete cleared[key];
          // Typing a count answers "choose files or type counts" as well.
          if (key !== 'files' && key !== 'platform' && cleared.files?.startsWith('Choose the export'))
            delete cleared.files;
        }
        set({ ...patch, fieldErrors: cleared });
      },

      run: async () => {
        const form = get();
        if (inProgress(form.phase)) return;
        const { errors, counts } = validate(form);
        if (Object.keys(errors).length > 0) {
          set({ fieldErrors: errors });
          return;
        }
        await runUploadEstimate({
          jobs,
          previousJobId: form.jobId,
          set,
          files: form.files,
          estimate: (jobId, refs) =>
            api().estimateMigration({
              jobId,
              platform: form.platform,
              files: refs,
              ...(counts ? { counts } : {}),
            }),
          input: { platform: form.platform, files: form.files.map((f) => f.name), counts: counts ?? null },
        });
      },

      cancel: () => jobs.cancel(get().phase, get().jobId),

      showSaved: (saved) => {
        if (inProgress(get().phase)) return;
        const result = migrationResultOf(saved.result);
        const counts = (saved.input.counts ?? null) as Partial<Record<CountField, unknown>> | null;
        const typed = (field: CountField) =>
          typeof counts?.[field] === 'number' && counts[field] > 0 ? String(counts[field]) : '';
        set({
          ...reopenedRun(saved, result !== null),
          result,
          resultInput: result ? saved.input : null,
          fieldErrors: {},
          platform: result?.platform ?? get().platform,
          files: [],
          conversations: typed('conversations'),
          articles: typed('articles'),
          documentPages: typed('documentPages'),
        });
      },

      markSaved: (ref) => set({ saved: ref }),

      snapshot: () => {
        const { result, resultInput, saved } = get();
        if (!result || !resultInput) return null;
        return {
          title: saved?.title ?? `${platformName(result.platform)} migration`,
          millicredits: result.millicredits,
          input: resultInput,
          result: { ...result },
        };
      },
    };
  });

export const useEstimateMigrationStore = createEstimateMigrationStore();
