import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  countSitemap,
  estimateWebsite,
  measureSavedPages,
  parseUrlList,
  UrlTally,
} from '../../src-main/core/website';

const utf8 = (s: string) => new TextEncoder().encode(s);

function sitemap(urls: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.map((u) => `  <url><loc>${u}</loc><lastmod>2024-01-01</lastmod></url>`).join('\n')}
</urlset>`;
}

describe('sitemaps and URL lists', () => {
  it('counts unique pages per site from a streamed (and gzipped) sitemap', async () => {
    const urls = [
      'https://help.acme.com/a',
      'https://help.acme.com/b',
      'https://help.acme.com/a#section',
      'https://www.acme.com/pricing',
      'https://help.acme.com/c?x=1&amp;y=2',
      'ftp://files.acme.com/x',
    ];
    const xml = sitemap(urls);
    for (const bytes of [utf8(xml), gzipSync(utf8(xml))]) {
      const result = await countSitemap({ bytes, name: 'sitemap.xml' });
      expect(result.kind).toBe('urlset');
      expect(Object.fromEntries(result.pagesByOrigin)).toEqual({
        'https://help.acme.com': 3,
        'https://www.acme.com': 1,
      });
      expect(result).toMatchObject({ pages: 4, duplicates: 1, problemCount: 1, complete: true });
      expect(result.problems[0]).toMatchObject({ line: 8, message: expect.stringMatching(/ftp/) });
    }
  });

  it('a sitemap index lists its sitemaps instead of pages', async () => {
    const xml = `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://acme.com/sitemap-docs.xml</loc></sitemap>
      <sitemap><loc>https://acme.com/sitemap-blog.xml.gz</loc></sitemap></sitemapindex>`;
    const result = await countSitemap({ bytes: utf8(xml), name: 'index.xml' });
    expect(result).toMatchObject({
      kind: 'sitemapindex',
      pages: 0,
      childSitemaps: ['https://acme.com/sitemap-docs.xml', 'https://acme.com/sitemap-blog.xml.gz'],
    });
  });

  it('a sitemap cut short keeps what came before and says where it broke', async () => {
    const xml = sitemap(['https://acme.com/1', 'https://acme.com/2', 'https://acme.com/3']);
    const cut = xml.slice(0, xml.indexOf('https://acme.com/3') + 10);
    const result = await countSitemap({ bytes: utf8(cut), name: 'broken.xml' });
    expect(result).toMatchObject({ pages: 2, complete: false, problemCount: 1 });
    expect(result.problems[0]).toMatchObject({ line: 5, message: expect.stringMatching(/XML breaks/) });
  });

  it('a pasted list: schemes added, comments and blanks ignored, bad lines reported', () => {
    const tally = parseUrlList(
      '# our docs\nhttps://docs.acme.com/start\n\ndocs.acme.com/start\nhttps://blog.acme.com/x\nnot a url\n',
    );
    expect(Object.fromEntries(tally.pagesByOrigin)).toEqual({
      'https://docs.acme.com': 1,
      'https://blog.acme.com': 1,
    });
    expect(tally).toMatchObject({ pages: 2, duplicates: 1, problemCount: 1 });
    expect(tally.problems[0]).toMatchObject({ line: 6 });
  });
});

describe('pages across sources', () => {
  it('a page in both the sitemap and the pasted list (or only differing by #fragment) counts once', async () => {
    const inSitemap = Array.from({ length: 40 }, (_, i) => `https://help.acme.com/p/${i}`);
    const tally = new UrlTally();
    const count = await countSitemap({ bytes: utf8(sitemap(inSitemap)), name: 'sitemap.xml' }, { tally });
    expect(count).toMatchObject({ pages: 40, duplicates: 0 });
    const pasted = ['https://help.acme.com/p/3', 'https://help.acme.com/p/7#install', 'help.acme.com/new'];
    parseUrlList(pasted.join('\n'), tally);
    expect(tally.pages).toBe(41);
    expect(tally.duplicates).toBe(2);
    expect(Object.fromEntries(tally.pagesByOrigin)).toEqual({ 'https://help.acme.com': 41 });
  });

  it('a second sitemap into the same tally reports only its own new pages and repeats', async () => {
    const tally = new UrlTally();
    await countSitemap(
      { bytes: utf8(sitemap(['https://a.example/1', 'https://a.example/2'])), name: 'a.xml' },
      { tally },
    );
    const second = await countSitemap(
      {
        bytes: utf8(sitemap(['https://a.example/2#top', 'https://a.example/3', 'mailto:x@y.z'])),
        name: 'b.xml',
      },
      { tally },
    );
    expect(second).toMatchObject({ pages: 1, duplicates: 1, problemCount: 1 });
    expect(tally.pages).toBe(3);
  });
});

describe('website estimate', () => {
  const sites = new Map([
    ['https://help.acme.com', 300],
    ['https://www.acme.com', 100],
  ]);

  it('with an average page size: crawl once per site plus the page rule, with honest bounds', () => {
    const e = estimateWebsite({ pagesByOrigin: sites, pageSize: { averageChars: 6000 } });
    expect(e.pages).toBe(400);
    expect(e.crawlMillicredits).toBe(2000);
    // Expected: every page 6,000 chars = 2 pages. Min: 2.4M chars packed = 480 pages. Max: 400 + 480 overflow = 879.
    expect(e.scrapePages).toEqual({ min: 480, expected: 800, max: 879 });
    expect(e.totalMillicredits).toEqual({ min: 482_000, expected: 802_000, max: 881_000 });
    expect(e.avgChars).toEqual({ min: 6000, expected: 6000, max: 6000 });
  });

  it('with sample pages: min/expected/max from the samples, and sites already crawled are not charged again', () => {
    const e = estimateWebsite({
      pagesByOrigin: sites,
      pageSize: { sampleChars: [1200, 4999, 5001, 12_000] },
      alreadyCrawled: ['https://www.acme.com/'],
    });
    expect(e.crawlMillicredits).toBe(1000);
    expect(e.sites.find((s) => s.origin === 'https://www.acme.com')!.crawlCharged).toBe(false);
    // Sample pages: 1, 1, 2, 3 → mean 1.75.
    expect(e.scrapePages).toEqual({ min: 400, expected: 700, max: 1200 });
    expect(e.pageMillicredits.expected).toBe(700_000);
    expect(Number.isInteger(e.totalMillicredits.expected)).toBe(true);
    expect(e.avgChars).toEqual({ min: 1200, expected: 5800, max: 12_000 });
  });

  it('measures saved sample pages with the document HTML rules', async () => {
    const page =
      '<html><head><script>track()</script></head><body><nav>Menu</nav><p>Hello &amp; welcome</p></body></html>';
    const measured = await measureSavedPages([
      { bytes: utf8(page), name: 'home.html' },
      { bytes: new Uint8Array([0, 1, 2, 3, 0]), name: 'bad.html' },
    ]);
    expect(measured[0]).toEqual({ name: 'home.html', chars: 'Menu Hello & welcome'.length, problem: null });
    expect(measured[1]!.problem!.code).toBe('binary');
  });
});
