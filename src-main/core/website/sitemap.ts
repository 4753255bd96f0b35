import { SaxesParser } from 'saxes';
import { openSource } from '../migration/source';
import type { ExportInput } from '../migration/types';
import { UrlTally, type UrlProblem } from './urls';
import { errorMessage } from '../../../src-shared/error-text';

export interface SitemapCount {
  name: string;
  kind: 'urlset' | 'sitemapindex' | 'unknown';
  /** Unique page addresses per site (of every source counted into the same tally). */
  pagesByOrigin: Map<string, number>;
  pages: number;
  duplicates: number;
  /** For a sitemap index: the sitemaps it lists (they must be added as files to be counted). */
  childSitemaps: string[];
  problems: UrlProblem[];
  problemCount: number;
  /** False when the XML broke off and counting stopped there. */
  complete: boolean;
}

const MAX_CHILD_SITEMAPS = 50_000;

/**
 * Reads a sitemap (sitemaps.org protocol, optionally gzipped) as a stream with saxes: `<url><loc>`
 * entries of a urlset are counted; a sitemap index only lists other sitemaps, which are noted.
 */
export async function countSitemap(
  input: ExportInput,
  options: {
    signal?: AbortSignal;
    onProgress?: (bytesRead: number, bytesTotal: number | null) => void;
    /** Shared with other sources (another sitemap, a pasted list) so a page counts once across them. */
    tally?: UrlTally;
  } = {},
): Promise<SitemapCount> {
  const source = await openSource(input, options.signal);
  const tally = options.tally ?? new UrlTally();
  const start = { pages: tally.pages, duplicates: tally.duplicates, problems: tally.problemCount };
  const result: SitemapCount = {
    name: source.name,
    kind: 'unknown',
    pagesByOrigin: tally.pagesByOrigin,
    pages: 0,
    duplicates: 0,
    childSitemaps: [],
    problems: tally.problems,
    problemCount: 0,
    complete: true,
  };
  const parser = new SaxesParser({ position: true });
  const path: string[] = [];
  let loc = '';
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (path.length === 0 && (name === 'urlset' || name === 'sitemapindex')) result.kind = name;
    path.push(name);
    if (name === 'loc') loc = '';
  });
  parser.on('text', (text) => {
    if (path[path.length - 1] === 'loc') loc += text;
  });
  parser.on('cdata', (text) => {
    if (path[path.length - 1] === 'loc') loc += text;
  });
  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    path.pop();
    if (name !== 'loc') return;
    const parent = path[path.length - 1];
    if (parent === 'url' && result.kind === 'urlset') tally.add(loc, parser.line);
    else if (
      parent === 'sitemap' &&
      result.kind === 'sitemapindex' &&
      result.childSitemaps.length < MAX_CHILD_SITEMAPS
    ) {
      result.childSitemaps.push(loc.trim());
    }
  });
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of source.chunks) {
      options.signal?.throwIfAborted();
      parser.write(decoder.decode(chunk, { stream: true }));
      options.onProgress?.(source.bytesRead(), source.bytesTotal);
    }
    parser.write(decoder.decode());
    parser.close();
  } catch (error) {
    if (options.signal?.aborted) throw error;
    result.complete = false;
    tally.problemCount++;
    tally.problems.push({
      line: parser.line,
      text: '',
      message: `The XML breaks here (${errorMessage(error)}); addresses after it were not counted.`,
    });
  }
  // This sitemap's own share: pages new to the tally, repeats of any source, its own bad entries.
  result.pages = tally.pages - start.pages;
  result.duplicates = tally.duplicates - start.duplicates;
  result.problemCount = tally.problemCount - start.problems;
  return result;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}
