import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatAverageCredits,
  groupNumbersInText,
  runsOutWords,
} from '../../src-renderer/src/lib/format';
import { topDrivers } from '../../src-renderer/src/features/analytics/top-drivers';
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

describe('numbers formatted for people', () => {
  it('groups long numbers of a stored explanation at display time, leaving ids and versions alone', () => {
    expect(groupNumbersInText('Document: 49999 characters = 10 pages of 5000 × 1 credit = 10 credits')).toBe(
      'Document: 49,999 characters = 10 pages of 5,000 × 1 credit = 10 credits',
    );
    expect(
      groupNumbersInText('Chatbot message on gpt-4.1-mini, 2500 context tokens (2000+): 12345.5 credits'),
    ).toBe('Chatbot message on gpt-4.1-mini, 2,500 context tokens (2,000+): 12,345.5 credits');
    expect(groupNumbersInText('rate card v2024-11, event evt_123456, 1,000 already grouped')).toBe(
      'rate card v2024-11, event evt_123456, 1,000 already grouped',
    );
    expect(groupNumbersInText('2024-11-30 and 123 and 1234.')).toBe('2024-11-30 and 123 and 1,234.');
  });

  it('averages show at most one decimal, rounded from integer millicredits', () => {
    expect(formatAverageCredits(12_345)).toBe('12.3');
    expect(formatAverageCredits(12_350)).toBe('12.4');
    expect(formatAverageCredits(7_000)).toBe('7');
    expect(formatAverageCredits(-1_250)).toBe('-1.3');
  });

  it('a run-out date more than a year ahead says "at this rate"; a near one is a plain date', () => {
    const now = Date.UTC(2026, 11, 7);
    expect(runsOutWords(Date.UTC(2034, 0, 31), now, 'Never')).toBe('Jan 31, 2034 at this rate');
    expect(runsOutWords(Date.UTC(2027, 0, 20), now, 'Never')).toBe('Jan 20, 2027');
    expect(runsOutWords(null, now, 'Not at this rate')).toBe('Not at this rate');
    expect(runsOutWords(now - 1, now, 'Never')).toBe('Already out');
  });

  it('top cost drivers: the rest are summed into "Other", so the rows add up to the total', () => {
    const drivers = Array.from({ length: 13 }, (_, i) => ({
      id: `d${i}`,
      label: `Driver ${i}`,
      millicredits: (13 - i) * 1000,
      perMille: 0,
      detail: '',
    }));
    const total = drivers.reduce((s, d) => s + d.millicredits, 0);
    const top = topDrivers(drivers, 10);
    expect(top).toHaveLength(10);
    expect(top[9]).toMatchObject({
      id: 'other',
      label: 'Other',
      detail: '4 smaller drivers',
      millicredits: 10_000,
    });
    expect(top[9]!.perMille).toBe(110); // 10 of 91 credits
    expect(top.reduce((s, d) => s + d.millicredits, 0)).toBe(total);
    expect(topDrivers(drivers.slice(0, 10), 10).map((d) => d.id)).not.toContain('other');
  });
});
