import { ApiError } from '../../../src-shared/api/errors';
import type * as V from '../../../src-shared/api/views';
import { entryIds } from '../../../src-shared/ledger/ids';
import { formatCredits } from '../../../src-shared/units';
import type { ResolvedFile } from '../files/uploads';
import {
  countSitemap,
  estimateWebsite,
  measureSavedPages,
  parseUrlList,
  UrlTally,
  type PageSize,
} from '../website';
import {
  combineCounts,
  countExport,
  estimateMigration,
  ExportFormatError,
  PLATFORM_NAMES,
  openExportFile,
  type ExportCount,
} from '../migration';
import { bundlePlanView } from '../bundles/bundle-plan-view';
import { readUrlList } from '../website/url-list-file';
import type { EstimatorDeps } from './estimators';

/** "1 record", "2,500 records": counts for people. */
const plural = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export interface WebsiteInput {
  sitemap?: ResolvedFile;
  urls?: string[];
  /** The pasted list, uploaded as a text file. */
  urlList?: ResolvedFile;
  avgChars?: number;
  samples?: ResolvedFile[];
}

/** Website training: a crawl per new site, plus every page by the page rule, as min/expected/max. */
export async function estimateWebsiteJob(
  deps: EstimatorDeps,
  input: WebsiteInput,
  jobId: string,
): Promise<V.WebsiteEstimateView> {
  if (!input.samples?.length && input.avgChars === undefined) {
    throw new ApiError(
      'bad_request',
      'Give an average page size in characters, or a few saved pages to measure.',
    );
  }
  const card = await deps.settings.card();
  return deps.jobs.run(jobId, 'website', 'Counting website pages', async (job) => {
    // One tally for every source: a page in the sitemap and the pasted list counts once.
    const tally = new UrlTally();
    const pages = tally.pagesByOrigin;
    const notes: string[] = [];
    if (input.sitemap) {
      job.progress({ unit: 'bytes', total: input.sitemap.size, done: 0 });
      const count = await countSitemap(
        { path: input.sitemap.path, name: input.sitemap.name },
        { signal: job.signal, onProgress: (done) => job.progress({ done }), tally },
      );
      if (count.childSitemaps.length) {
        notes.push(
          `${input.sitemap.name} is a sitemap index listing ${count.childSitemaps.length} sitemaps; add those files to count their pages.`,
        );
      }
      if (count.problemCount)
        notes.push(
          `${count.problemCount === 1 ? '1 entry' : `${count.problemCount} entries`} of ${input.sitemap.name} ${count.problemCount === 1 ? 'was' : 'were'} not a page address and left out.`,
        );
      if (!count.complete)
        notes.push(`${input.sitemap.name} breaks off early; only the pages before the break are counted.`);
    }
    const pasted = [...(input.urls ?? []), ...(input.urlList ? [readUrlList(input.urlList)] : [])];
    if (pasted.length) {
      const before = { problems: tally.problemCount, duplicates: tally.duplicates };
      parseUrlList(pasted.join('\n'), tally);
      const problems = tally.problemCount - before.problems;
      const repeated = tally.duplicates - before.duplicates;
      if (problems)
        notes.push(
          `${plural(problems, 'pasted line is not an http(s) address', 'pasted lines are not http(s) addresses')} and left out.`,
        );
      if (repeated)
        notes.push(
          `${plural(repeated, 'pasted address was', 'pasted addresses were')} already counted (same page after dropping #fragments); each page counts once.`,
        );
    }
    if (pages.size === 0)
      throw new ApiError('bad_request', 'No page addresses found; check the sitemap or the pasted list.');
    job.checkpoint();
    let pageSize: PageSize = { averageChars: input.avgChars ?? 0 };
    if (input.samples?.length) {
      const measured = await measureSavedPages(input.samples.map((s) => ({ path: s.path, name: s.name })));
      const chars = measured.filter((m) => m.chars !== null).map((m) => m.chars!);
      for (const m of measured) if (m.problem) notes.push(`Sample ${m.name}: ${m.problem.message}`);
      if (chars.length) pageSize = { sampleChars: chars };
      else if (input.avgChars === undefined)
        throw new ApiError(
          'bad_request',
          'None of the sample pages could be read; give an average page size instead.',
        );
    }
    const crawled = await deps.store.getMany([...pages.keys()].map((origin) => entryIds.crawl(origin)));
    const estimate = estimateWebsite(
      {
        pagesByOrigin: pages,
        pageSize,
        alreadyCrawled: [...crawled.keys()].map((id) => id.slice(entryIds.crawl('').length)),
      },
      card,
    );
    return {
      sites: estimate.sites.map(({ origin, pages: n }) => ({ origin, pages: n })),
      pages: estimate.pages,
      crawlMillicredits: estimate.crawlMillicredits,
      pageMillicredits: estimate.pageMillicredits,
      totalMillicredits: estimate.totalMillicredits,
      avgChars: estimate.avgChars,
      notes: [...notes, ...estimate.notes],
    };
  });
}

const messageWithHint = (error: unknown): string =>
  `${(error as Error).message}${error instanceof ExportFormatError ? ` ${error.hint}` : ''}`;

/** An unreadable file's row; a file of another platform says which one to switch to. */
const fileError = (file: string, error: unknown): V.MigrationEstimateView['errors'][number] => ({
  file,
  line: null,
  message: messageWithHint(error),
  ...(error instanceof ExportFormatError && error.looksLike ? { switchTo: error.looksLike } : {}),
});

function ignoredNote(archive: string, names: string[]): string {
  const shown = names.slice(0, 5).join(', ');
  const more = names.length > 5 ? ` and ${(names.length - 5).toLocaleString('en-US')} more` : '';
  return `Not counted from ${archive} (not JSON or CSV): ${shown}${more}.`;
}

function repeatedFormatNote(archive: string, format: string): string {
  return `${archive} holds more than one ${format.replace('-', ' ')} file; all were counted. If they hold the same records, add only one of them.`;
}

export interface MigrationInput {
  platform: V.MigrationEstimateView['platform'];
  files: ResolvedFile[];
  counts?: { conversations: number; articles: number; documentPages: number };
}

/**
 * A help-desk migration: conversations × 0.5 + articles × 1 + document pages, compared with the
 * balance, with the cheapest bundles for any shortfall. Export files are streamed one after the
 * other, each export inside a ZIP as its own; a file that cannot be read becomes an error row, the
 * others still count.
 */
export async function estimateMigrationJob(
  deps: EstimatorDeps,
  input: MigrationInput,
  jobId: string,
): Promise<V.MigrationEstimateView> {
  const card = await deps.settings.card();
  const name = PLATFORM_NAMES[input.platform];
  return deps.jobs.run(jobId, 'migration', `Counting the ${name} export`, async (job) => {
    const counted: ExportCount[] = [];
    const errors: V.MigrationEstimateView['errors'] = [];
    const total = input.files.reduce((s, f) => s + f.size, 0);
    let before = 0;
    job.progress({ unit: 'bytes', total, done: 0 });
    const notes: string[] = [];
    for (const file of input.files) {
      job.checkpoint();
      try {
        const opened = await openExportFile(file);
        if (opened.ignored.length > 0) notes.push(ignoredNote(file.name, opened.ignored));
        const formats = new Set<string>();
        let partStart = before;
        for await (const part of opened.parts) {
          job.checkpoint();
          const scale = part.readBytes > 0 ? part.fileBytes / part.readBytes : 0;
          try {
            const count = await countExport(part.input, {
              platform: input.platform,
              signal: job.signal,
              onProgress: (p) =>
                job.progress({ done: partStart + Math.min(part.fileBytes, Math.round(p.bytesRead * scale)) }),
            });
            counted.push(count);
            if (formats.has(count.format)) notes.push(repeatedFormatNote(file.name, count.format));
            formats.add(count.format);
            for (const p of count.problems)
              errors.push({ file: part.name, line: p.line, message: p.message });
          } catch (error) {
            if (job.signal.aborted) throw error;
            errors.push(fileError(part.name, error));
          }
          partStart += part.fileBytes;
        }
      } catch (error) {
        if (job.signal.aborted) throw error;
        errors.push(fileError(file.name, error));
      }
      before += file.size;
    }
    const sum = combineCounts(counted);
    const conversations = sum.conversations + (input.counts?.conversations ?? 0);
    const articles = sum.articles + (input.counts?.articles ?? 0);
    const documentPages = input.counts?.documentPages ?? 0;
    const estimate = estimateMigration({ conversations, articles, documentPages }, card);
    const balance = (await deps.ledger.balance(deps.now())).total;
    const shortfall = Math.max(0, estimate.totalMillicredits - balance);
    const skipped = sum.skipped.spam + sum.skipped.deleted + sum.skipped.draft;
    const warnings: string[] = [...notes];
    if (skipped) {
      warnings.push(
        `Skipped ${plural(skipped, 'record', 'records')}: ${sum.skipped.spam.toLocaleString('en-US')} spam, ${sum.skipped.deleted.toLocaleString('en-US')} deleted, ${plural(sum.skipped.draft, 'draft', 'drafts')}.`,
      );
    }
    const unlisted = sum.problemCount - counted.reduce((s, c) => s + c.problems.length, 0);
    if (unlisted > 0)
      warnings.push(
        `${plural(unlisted, 'more unreadable record is', 'more unreadable records are')} counted but not listed.`,
      );
    if (shortfall > 0)
      warnings.push(`The balance is ${formatCredits(shortfall)} credits short of this migration.`);
    return {
      platform: input.platform,
      conversations,
      articles,
      skipped,
      chars: sum.characters,
      documentPages: estimate.documents.pages,
      breakdown: {
        conversations: estimate.conversations.millicredits,
        articles: estimate.articles.millicredits,
        documents: estimate.documents.millicredits,
      },
      millicredits: estimate.totalMillicredits,
      balance,
      shortfall,
      plan: shortfall > 0 ? bundlePlanView(shortfall, card) : null,
      warnings,
      errors: errors.slice(0, 200),
    };
  });
}
