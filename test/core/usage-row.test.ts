import { describe, expect, it } from 'vitest';
import { parseUsageRecord } from '../../src-main/core/import/usage-row';

const parse = (record: Record<string, unknown>) => parseUsageRecord(record, {}, () => 0);
const at = '2026-11-03T09:15:00Z';

describe('an imported website_crawl row', () => {
  it('without a site is refused, so "once per site" holds', () => {
    expect(() => parse({ kind: 'website_crawl', occurred_at: at, event_id: 'c1' })).toThrow(
      /website_crawl needs the site in origin/,
    );
    expect(() => parse({ kind: 'website_crawl', occurred_at: at, origin: '  ' })).toThrow(
      /needs the site in origin/,
    );
  });

  it('with something that is not a site address is refused with an example', () => {
    expect(() => parse({ kind: 'website_crawl', occurred_at: at, origin: 'help desk' })).toThrow(
      /origin "help desk" is not an http\(s\) site address \(e\.g\. https:\/\/help\.example\.com\)/,
    );
  });

  it('with its site is read', () => {
    expect(
      parse({ kind: 'website_crawl', occurred_at: at, origin: 'https://Help.Example.com/docs' }),
    ).toMatchObject({
      request: { kind: 'website_crawl', origin: 'https://Help.Example.com/docs' },
    });
  });
});
