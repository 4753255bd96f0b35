export interface UrlProblem {
  line: number;
  text: string;
  message: string;
}

/**
 * A crawlable page address: http(s) only, fragment dropped (the same page), origin lower-cased by
 * URL itself. A bare "example.com/page" gets https://, as browsers do.
 */
export function normaliseUrl(text: string): URL | string {
  const trimmed = text.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return 'not a valid web address';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `${url.protocol} addresses cannot be crawled`;
  if (!url.hostname.includes('.') && url.hostname !== 'localhost') return 'the host name has no domain';
  url.hash = '';
  return url;
}

/** Unique pages per site (origin), with the lines that were not addresses. */
export class UrlTally {
  private readonly seen = new Set<string>();
  readonly pagesByOrigin = new Map<string, number>();
  readonly problems: UrlProblem[] = [];
  problemCount = 0;
  duplicates = 0;

  add(text: string, line: number): void {
    const url = normaliseUrl(text);
    if (typeof url === 'string') {
      this.problemCount++;
      if (this.problems.length < 100) this.problems.push({ line, text: text.slice(0, 200), message: url });
      return;
    }
    const key = url.href;
    if (this.seen.has(key)) {
      this.duplicates++;
      return;
    }
    this.seen.add(key);
    this.pagesByOrigin.set(url.origin, (this.pagesByOrigin.get(url.origin) ?? 0) + 1);
  }

  get pages(): number {
    return this.seen.size;
  }
}

/**
 * A pasted list: one address per line; blank lines and lines starting with # are ignored. Given
 * the tally a sitemap was counted into, an address already there is a duplicate, not a new page.
 */
export function parseUrlList(text: string, tally: UrlTally = new UrlTally()): UrlTally {
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line && !line.startsWith('#')) tally.add(line, i + 1);
  });
  return tally;
}
