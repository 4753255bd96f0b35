/**
 * CSV writing shared by the ledger export (main) and the chart-table exports (renderer).
 * RFC 4180 quoting, and text cells that a spreadsheet would run as a formula are defused.
 */

export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+@\t\r]|^-(?![\d.])/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return csvRow(header) + rows.map(csvRow).join('');
}
