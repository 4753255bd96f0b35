import { describe, expect, it } from 'vitest';
import { formatAgo } from '../../src-renderer/src/lib/format';
import { alertText } from '../../src-renderer/src/lib/notify';
import { columnsOfText, csvCells } from '../../src-renderer/src/lib/file-columns';
import { creditsValueMinor, creditsValueText } from '../../src-renderer/src/lib/credit-value';

describe('words the console shows', () => {
  it('a sync a few seconds ahead of this clock is "now", never in the future', () => {
    const now = Date.UTC(2026, 11, 7, 12);
    expect(formatAgo(now + 5000, now)).toBe('now');
    expect(formatAgo(now - 5000, now)).toBe('5 seconds ago');
    expect(formatAgo(now - 3 * 3_600_000, now)).toBe('3 hours ago');
  });

  it('an alert names its cause and what to do', () => {
    const alert = {
      id: 'a',
      cycleStart: 0,
      threshold: 100,
      triggeredAt: 0,
      usedMillicredits: 1_000_500,
      grantMillicredits: 1_000_000,
    };
    expect(alertText(alert)).toEqual({
      title: 'Creditdesk: 100% of the monthly credits used',
      body: '1,000.5 of 1,000 credits of this cycle are used. The monthly credits are used up; buy a bundle or upgrade the tier so AI actions keep running.',
    });
  });

  it('reads a file’s columns for the import mapping: CSV header with quotes, NDJSON keys in order', () => {
    expect(csvCells('"Ticket, id",When , "Say ""hi"""')).toEqual(['Ticket, id', 'When', 'Say "hi"']);
    expect(columnsOfText('u.csv', '\uFEFFa,b,c\n1,2,3\n')).toEqual({
      format: 'csv',
      columns: ['a', 'b', 'c'],
    });
    expect(columnsOfText('u.ndjson', '{"a":1}\n{"b":2,"a":3}\nnot json\n{"c":')).toEqual({
      format: 'ndjson',
      columns: ['a', 'b'],
    });
    expect(columnsOfText('export', '  {"x":1}')).toEqual({ format: 'ndjson', columns: ['x'] });
  });

  it('values credits at the best bundle rate, in whole minor units', () => {
    const card = {
      version: 'v',
      currency: 'USD',
      pageChars: 5000,
      referralMillicredits: 2_000_000,
      tiers: [],
      chatbotModels: [],
      rules: [],
      bundles: [
        { id: 'a', name: 'A', millicredits: 1_000_000, priceMinor: 1000, per1000CreditsMinor: 1000 },
        { id: 'b', name: 'B', millicredits: 100_000_000, priceMinor: 60_000, per1000CreditsMinor: 600 },
      ],
    };
    expect(creditsValueMinor(14_000, card)).toBe(8);
    expect(creditsValueMinor(1_043_500, card)).toBe(626);
    expect(creditsValueText(-4_000, card)).toBe('≈ $0.02 at $6.00 per 1,000 credits');
    expect(creditsValueMinor(5, { ...card, bundles: [] })).toBeNull();
  });
});
