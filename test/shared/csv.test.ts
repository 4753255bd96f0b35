import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvCell, csvRow } from '../../src-shared/csv';
import { PROPERTY_RUNS } from './helpers/runs';

describe('CSV cells a spreadsheet would run as a formula are defused', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1+1', "'+1+1"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['-1+1', "'-1+1"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ['-(1+1)', "'-(1+1)"],
    ['-A1', "'-A1"],
    ['-.5+A1', "'-.5+A1"],
    ['\t=1', "'\t=1"],
    ['\r=1', '"\'\r=1"'],
    ['  =1+1', "'  =1+1"],
    ['\u3000=1', "'\u3000=1"],
    ['＝1+1', "'＝1+1"],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠A1', "'＠A1"],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
  ])('%j → %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it.each([
    ['-5', '-5'],
    ['-0.125', '-0.125'],
    ['12.5', '12.5'],
    ['plain text', 'plain text'],
    ['a=b', 'a=b'],
    ['usage:crawl:https://x.example', 'usage:crawl:https://x.example'],
  ])('leaves %j alone (a plain number or text runs nothing)', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('numbers stay numbers', () => {
    expect(csvRow([-5, 0, 12.5, true, null])).toBe('-5,0,12.5,true,\r\n');
  });

  it('no cell a spreadsheet reads starts a formula, and nothing but a leading quote is ever added', () => {
    const starts = ['=', '+', '-', '@', '\t', '\r', ' ', '\u3000', '＝', '＋', '－', '＠', '(', '1', 'a'];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...starts), { maxLength: 3 }),
        fc.string({ maxLength: 20 }),
        (head, rest) => {
          const value = head.join('') + rest;
          const cell = csvCell(value);
          const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
          expect([value, `'${value}`]).toContain(unquoted);
          if (/^-?\d+(\.\d+)?$/.test(unquoted)) return;
          // What a spreadsheet sees after trimming: never a formula start, never a tab/CR first.
          expect(unquoted.trimStart().charAt(0)).not.toMatch(/[=+\-@＝＋－﹣＠]/);
          expect(unquoted.charAt(0)).not.toMatch(/[\t\r]/);
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
