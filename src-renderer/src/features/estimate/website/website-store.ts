import { create } from 'zustand';
import { MAX_PASTED_URLS, MAX_URL_LIST_BYTES, type WebsiteEstimateView } from '../../../../../src-shared/api';
import { api } from '../../../api/current';
import { formatCount } from '../../../lib/format';
import { isTooLarge, tooLargeMessage } from '../estimate-files';
import { parseCount, urlLines } from '../estimate-input';
import {
  IDLE_RUN,
  reopenedRun,
  runUploadEstimate,
  uploadEstimateJobs,
  type UploadEstimator,
} from '../estimate-run';
import { inProgress, websiteResultOf } from '../estimate-shapes';

/** The API's limits for one website estimate. */
const MAX_SAMPLES = 50;
const MAX_AVG_CHARS = 10_000_000;
/** Pasted lists up to this long are kept with a saved estimate, so re-opening restores them. */
const SAVED_URLS = 1000;

export type PageSizeMode = 'average' | 'samples';

export interface WebsiteForm {
  sitemap: File | null;
  urlsText: string;
  sizeMode: PageSizeMode;
  avgChars: string;
  samples: File[];
}

export type WebsiteField = 'source' | 'avgChars' | 'samples';

type WebsiteState = UploadEstimator<WebsiteForm, WebsiteField, WebsiteEstimateView>;

function validate(form: WebsiteForm): {
  errors: Partial<Record<WebsiteField, string>>;
  urls: string[];
  avgChars?: number;
} {
  const errors: Partial<Record<WebsiteField, string>> = {};
  const urls = urlLines(form.urlsText);
  if (!form.sitemap && urls.length === 0)
    errors.source = 'Choose a sitemap.xml file or paste page addresses, one per line.';
  else if (urls.length > MAX_PASTED_URLS)
    errors.source = `Paste at most ${formatCount(MAX_PASTED_URLS)} addresses; put longer lists in a sitemap file.`;
  else if (urlListBytes(urls) > MAX_URL_LIST_BYTES)
    errors.source = `The pasted list is over ${formatCount(MAX_URL_LIST_BYTES / 1024 / 1024)} MB; put longer lists in a sitemap file.`;
  else if (form.sitemap && isTooLarge(form.sitemap)) errors.source = tooLargeMessage(form.sitemap);
  let avgChars: number | undefined;
  if (form.sizeMode === 'average') {
    const parsed = parseCount(form.avgChars, MAX_AVG_CHARS);
    if ('error' in parsed || parsed.value === 0)
      errors.avgChars = 'Enter the average characters of cleaned text per page, e.g. 6,000.';
    else avgChars = parsed.value;
  } else if (form.samples.length === 0) errors.samples = 'Choose one or more saved HTML pages to measure.';
  else if (form.samples.length > MAX_SAMPLES)
    errors.samples = `Choose at most ${formatCount(MAX_SAMPLES)} sample pages.`;
  else {
    const big = form.samples.find(isTooLarge);
    if (big) errors.samples = tooLargeMessage(big);
  }
  return { errors, urls, avgChars };
}

/** The pasted list as the text file it travels as (an upload, never one oversized call). */
const urlListFile = (urls: string[]): File =>
  new File([urls.join('\n')], 'pasted-addresses.txt', { type: 'text/plain' });
const urlListBytes = (urls: string[]): number =>
  urls.reduce((n, u) => n + new TextEncoder().encode(u).byteLength + 1, 0);

const hostOf = (origin: string): string => origin.replace(/^https?:\/\//, '');

/** Website training: a sitemap and/or pasted addresses, with a typed page size or measured samples. */
export const createEstimateWebsiteStore = () =>
  create<WebsiteState>()((set, get) => {
    const jobs = uploadEstimateJobs('website');
    return {
      sitemap: null,
      urlsText: '',
      sizeMode: 'average',
      avgChars: '',
      samples: [],
      fieldErrors: {},
      ...IDLE_RUN,

      update: (patch) => {
        const cleared = { ...get().fieldErrors };
        if ('sitemap' in patch || 'urlsText' in patch) delete cleared.source;
        if ('avgChars' in patch || 'sizeMode' in patch) delete cleared.avgChars;
        if ('samples' in patch || 'sizeMode' in patch) delete cleared.samples;
        set({ ...patch, fieldErrors: cleared });
      },

      run: async () => {
        const form = get();
        if (inProgress(form.phase)) return;
        const { errors, urls, avgChars } = validate(form);
        if (Object.keys(errors).length > 0) {
          set({ fieldErrors: errors });
          return;
        }
        const samples = form.sizeMode === 'samples' ? form.samples : [];
        const list = urls.length ? urlListFile(urls) : null;
        // Sitemap, then the address list, then samples: refs come back in that order.
        const files = [...(form.sitemap ? [form.sitemap] : []), ...(list ? [list] : []), ...samples];
        await runUploadEstimate({
          jobs,
          previousJobId: form.jobId,
          set,
          files,
          estimate: (jobId, refs) => {
            const rest = [...refs];
            const sitemapRef = form.sitemap ? rest.shift() : undefined;
            const listRef = list ? rest.shift() : undefined;
            const sampleRefs = rest;
            return api().estimateWebsite({
              jobId,
              ...(sitemapRef ? { sitemap: sitemapRef } : {}),
              ...(listRef ? { urlList: listRef } : {}),
              ...(avgChars !== undefined ? { avgChars } : {}),
              ...(sampleRefs.length ? { samples: sampleRefs } : {}),
            });
          },
          input: {
            sitemap: form.sitemap?.name ?? null,
            urls: urls.length <= SAVED_URLS ? urls : [],
            urlCount: urls.length,
            avgChars: avgChars ?? null,
            samples: samples.map((f) => f.name),
          },
        });
      },

      cancel: () => jobs.cancel(get().phase, get().jobId),

      showSaved: (saved) => {
        if (inProgress(get().phase)) return;
        const result = websiteResultOf(saved.result);
        const input = saved.input;
        const urls = Array.isArray(input.urls) ? input.urls.filter((u) => typeof u === 'string') : [];
        const avgChars = typeof input.avgChars === 'number' ? input.avgChars : null;
        set({
          ...reopenedRun(saved, result !== null),
          result,
          resultInput: result ? input : null,
          fieldErrors: {},
          // The form gets back what can be restored; files have to be chosen again.
          sitemap: null,
          samples: [],
          urlsText: urls.join('\n'),
          sizeMode:
            avgChars === null && Array.isArray(input.samples) && input.samples.length ? 'samples' : 'average',
          avgChars: avgChars === null ? '' : String(avgChars),
        });
      },

      markSaved: (ref) => set({ saved: ref }),

      snapshot: () => {
        const { result, resultInput, saved } = get();
        if (!result || !resultInput) return null;
        const first = result.sites[0];
        const more = result.sites.length > 1 ? ` and ${formatCount(result.sites.length - 1)} more` : '';
        return {
          title: saved?.title ?? (first ? `Website: ${hostOf(first.origin)}${more}` : 'Website training'),
          millicredits: result.totalMillicredits.expected,
          input: resultInput,
          result: { ...result },
        };
      },
    };
  });

export const useEstimateWebsiteStore = createEstimateWebsiteStore();
