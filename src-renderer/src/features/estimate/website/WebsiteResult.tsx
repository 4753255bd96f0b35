import type { WebsiteEstimateView } from '../../../../../src-shared/api';
import { useEstimateWebsiteStore } from './website-store';
import { Stat } from '../../../components/Stat';
import { formatCount, formatCredits } from '../../../lib/format';
import { chooseAgainNote, EstimateResultPanel } from '../EstimateResultPanel';
import { EstimateNotes } from '../EstimateNotes';
import { TableHead } from '../../../components/TableHead';

/** Min, expected and max credits for the sites, with pages per site and what was assumed. */
export function WebsiteResult({ view }: { view: WebsiteEstimateView }) {
  const saved = useEstimateWebsiteStore((s) => s.saved);
  const input = useEstimateWebsiteStore((s) => s.resultInput);
  const usedFiles = [
    ...(typeof input?.sitemap === 'string' ? [input.sitemap] : []),
    ...(Array.isArray(input?.samples) ? input.samples.filter((f) => typeof f === 'string') : []),
  ];
  const snapshot = useEstimateWebsiteStore((s) => s.snapshot);
  const title = snapshot()?.title ?? 'Website training';
  const total = view.totalMillicredits;
  const rows: { label: string; min: string; expected: string; max: string }[] = [
    {
      label: 'Characters per page',
      min: formatCount(view.avgChars.min),
      expected: formatCount(view.avgChars.expected),
      max: formatCount(view.avgChars.max),
    },
    {
      label: 'Page credits',
      min: formatCredits(view.pageMillicredits.min),
      expected: formatCredits(view.pageMillicredits.expected),
      max: formatCredits(view.pageMillicredits.max),
    },
    {
      label: 'Crawl credits',
      min: formatCredits(view.crawlMillicredits),
      expected: formatCredits(view.crawlMillicredits),
      max: formatCredits(view.crawlMillicredits),
    },
  ];
  return (
    <EstimateResultPanel
      kind="website"
      heading="Website estimate"
      title={title}
      result={view}
      saved={saved}
      savedNote={chooseAgainNote('read', usedFiles)}
      exportLabel="Export the website estimate as CSV"
      totalsLabel="Website totals"
      totals={
        <>
          <Stat label="Minimum credits" value={formatCredits(total.min)} testId="website-min" />
          <Stat label="Expected credits" value={formatCredits(total.expected)} testId="website-expected" />
          <Stat label="Maximum credits" value={formatCredits(total.max)} testId="website-max" />
          <Stat label="Pages" value={formatCount(view.pages)} testId="website-pages" />
        </>
      }
    >
      <div className="est-two">
        <table className="table table-compact" aria-label="Website credits range">
          <TableHead
            columns={[
              '',
              { label: 'Min', numeric: true },
              { label: 'Expected', numeric: true },
              { label: 'Max', numeric: true },
            ]}
          />
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td className="num">{r.min}</td>
                <td className="num">{r.expected}</td>
                <td className="num">{r.max}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total credits</th>
              <td className="num">{formatCredits(total.min)}</td>
              <td className="num">{formatCredits(total.expected)}</td>
              <td className="num">{formatCredits(total.max)}</td>
            </tr>
          </tfoot>
        </table>
        <table className="table table-compact" aria-label="Pages per site">
          <TableHead columns={['Site', { label: 'Pages', numeric: true }]} />
          <tbody>
            {view.sites.map((site) => (
              <tr key={site.origin}>
                <th scope="row" className="est-origin">
                  {site.origin}
                </th>
                <td className="num">{formatCount(site.pages)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <EstimateNotes title="Notes" items={view.notes} />
    </EstimateResultPanel>
  );
}
