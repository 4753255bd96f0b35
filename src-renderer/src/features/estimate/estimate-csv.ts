import type {
  DocumentEstimateView,
  MigrationEstimateView,
  WebsiteEstimateView,
} from '../../../../src-shared/api';
import { toCsv, type CsvValue } from '../../../../src-shared/csv';
import { toDecimalString } from '../../../../src-shared/units';
import type { EstimateKind } from './estimate-tab-store';
import { documentResultOf, migrationResultOf, websiteResultOf } from './estimate-shapes';
import { platformName } from './migration/migration-store';

/**
 * Estimates as CSV for spreadsheets: credits as exact decimals (like the ledger export), money as
 * decimals of its currency, one table per estimator.
 */

const credits = (millicredits: number): string => toDecimalString(millicredits);
const money = (minor: number): string =>
  `${minor < 0 ? '-' : ''}${Math.trunc(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;

export function documentsCsv(view: DocumentEstimateView): string {
  const rows: CsvValue[][] = view.files.map((f) => [
    f.name,
    f.bytes,
    f.chars,
    f.pages,
    credits(f.millicredits),
    f.warnings.join(' '),
    f.error ?? '',
    f.error ? '' : f.recordedAs ? 'yes' : 'no',
  ]);
  const t = view.totals;
  const bytes = view.files.reduce((sum, f) => sum + f.bytes, 0);
  const unread = t.errors ? `${t.errors} of ${t.files} files could not be read` : '';
  rows.push(['Total', bytes, t.chars, t.pages, credits(t.millicredits), '', unread, '']);
  return toCsv(
    ['file', 'bytes', 'characters', 'pages', 'credits', 'warnings', 'error', 'recorded_as_training'],
    rows,
  );
}

const same = (n: number) => ({ min: n, expected: n, max: n });

export function websiteCsv(view: WebsiteEstimateView): string {
  const range = (r: { min: number; expected: number; max: number }, f: (n: number) => CsvValue) => [
    f(r.min),
    f(r.expected),
    f(r.max),
  ];
  const rows: CsvValue[][] = [
    ...view.sites.map((s) => [`Site ${s.origin}`, s.pages, '', '', '']),
    ['Average characters per page', '', ...range(view.avgChars, (n) => n)],
    ['Website crawls', '', ...range(same(view.crawlMillicredits), credits)],
    ['Pages', view.pages, ...range(view.pageMillicredits, credits)],
    ['Total credits', view.pages, ...range(view.totalMillicredits, credits)],
    ...view.notes.map((n) => [`Note: ${n}`, '', '', '', '']),
  ];
  return toCsv(['item', 'pages', 'min', 'expected', 'max'], rows);
}

export function migrationCsv(view: MigrationEstimateView): string {
  const rows: CsvValue[][] = [
    ['Platform', platformName(view.platform), '', '', ''],
    ['Conversations', view.conversations, credits(view.breakdown.conversations), '', ''],
    ['Articles', view.articles, credits(view.breakdown.articles), '', ''],
    ['Document pages', view.documentPages, credits(view.breakdown.documents), '', ''],
    ['Total', '', credits(view.millicredits), '', ''],
    ['Skipped records', view.skipped, '', '', ''],
    ['Current balance', '', credits(view.balance), '', ''],
    ['Shortfall', '', credits(view.shortfall), '', ''],
  ];
  if (view.plan) {
    const { plan } = view;
    for (const item of plan.items)
      rows.push([
        `Bundle ${item.name}`,
        item.quantity,
        credits(item.millicredits * item.quantity),
        money(item.priceMinor * item.quantity),
        plan.currency,
      ]);
    rows.push([
      'Bundle plan total',
      '',
      credits(plan.totalMillicredits),
      money(plan.totalPriceMinor),
      plan.currency,
    ]);
  }
  for (const w of view.warnings) rows.push([`Note: ${w}`, '', '', '', '']);
  for (const e of view.errors)
    rows.push([
      `Error in ${e.file}${e.line !== null ? ` line ${e.line}` : ''}: ${e.message}`,
      '',
      '',
      '',
      '',
    ]);
  return toCsv(['item', 'quantity', 'credits', 'price', 'currency'], rows);
}

/** "Zendesk migration" → "zendesk-migration", for file names. */
const slug = (title: string): string =>
  title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'estimate';

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The CSV file of a stored or on-screen estimate, or null when the result cannot be read. */
export function estimateCsvFile(
  kind: EstimateKind,
  title: string,
  result: unknown,
  at: number,
): { fileName: string; csv: string } | null {
  const fileName = `creditdesk-estimate-${slug(title)}-${isoDay(at)}.csv`;
  if (kind === 'documents') {
    const view = documentResultOf(result);
    return view ? { fileName, csv: documentsCsv(view) } : null;
  }
  if (kind === 'website') {
    const view = websiteResultOf(result);
    return view ? { fileName, csv: websiteCsv(view) } : null;
  }
  const view = migrationResultOf(result);
  return view ? { fileName, csv: migrationCsv(view) } : null;
}
