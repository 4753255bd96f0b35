/**
 * CSV writing shared by the ledger export (main) and the chart-table exports (renderer).
 * RFC 4180 quoting, and text cells that a spreadsheet would run as a formula are defused.
 */

export type CsvValue = string | number | boolean | null | undefined;

/**
 * What a spreadsheet may read as the start of a formula: = + - @, tab and CR, their full-width forms,
 * also after leading spaces. `-1+cmd|…` and `-(…)` are formulas too, so every leading minus counts.
 */
const FORMULA_START = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFE63\uFF20]|^[\t\r]/;
/** A plain decimal number ("-5", "-0.125") runs nothing; amounts stay numbers in the sheet. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return csvRow(header) + rows.map(csvRow).join('');
}
