import type { MigrationEstimateView } from '../../../../../src-shared/api';
import { useEstimateMigrationStore, platformName } from './migration-store';
import { Stat } from '../../../components/Stat';
import { formatCount, formatCredits, formatMoney } from '../../../lib/format';
import { chooseAgainNote, EstimateResultPanel } from '../EstimateResultPanel';
import { EstimateNotes } from '../EstimateNotes';
import { MigrationBundlePlan } from './MigrationBundlePlan';
import { TableHead } from '../../../components/TableHead';

/** Credits per item, read off main's breakdown so the rate card stays the one source of prices. */
const each = (credits: number, count: number): string =>
  count > 0 && credits % count === 0 ? formatCredits(credits / count) : '—';

/** The migration's credits by kind, the balance and shortfall, and the cheapest bundles for it. */
export function MigrationResult({ view }: { view: MigrationEstimateView }) {
  const saved = useEstimateMigrationStore((s) => s.saved);
  const input = useEstimateMigrationStore((s) => s.resultInput);
  const usedFiles = Array.isArray(input?.files) ? input.files.filter((f) => typeof f === 'string') : [];
  const snapshot = useEstimateMigrationStore((s) => s.snapshot);
  const title = snapshot()?.title ?? 'Migration';
  const lines = [
    { label: 'Conversations', count: view.conversations, credits: view.breakdown.conversations },
    { label: 'Articles', count: view.articles, credits: view.breakdown.articles },
    { label: 'Document pages', count: view.documentPages, credits: view.breakdown.documents },
  ];
  const short = view.shortfall > 0;
  // Nothing counted is no answer: never "covered" or "no shortfall" for it.
  const empty = view.conversations + view.articles + view.documentPages === 0;
  const update = useEstimateMigrationStore((s) => s.update);
  const run = useEstimateMigrationStore((s) => s.run);
  const formPlatform = useEstimateMigrationStore((s) => s.platform);
  const switchTo = view.errors.find((e) => e.switchTo)?.switchTo;
  const canSwitch = switchTo !== undefined && !saved && formPlatform === view.platform;
  return (
    <EstimateResultPanel
      kind="migration"
      heading={`${platformName(view.platform)} migration estimate`}
      title={title}
      result={view}
      saved={saved}
      savedNote={chooseAgainNote('counted', usedFiles)}
      exportLabel="Export the migration estimate as CSV"
      totalsLabel="Migration totals"
      totals={
        <>
          <Stat label="Credits needed" value={formatCredits(view.millicredits)} testId="migration-total" />
          <Stat label="Current balance" value={formatCredits(view.balance)} testId="migration-balance" />
          <Stat
            label="Shortfall"
            value={empty ? '—' : short ? formatCredits(view.shortfall) : 'None'}
            tone={empty ? undefined : short ? 'negative' : 'positive'}
            hint={
              empty
                ? 'Nothing was counted'
                : short && view.plan
                  ? `Cheapest bundles: ${formatMoney(view.plan.totalPriceMinor, view.plan.currency)}`
                  : short
                    ? 'Buy bundles before migrating'
                    : 'The balance covers it'
            }
            testId="migration-shortfall"
          />
        </>
      }
    >
      <table className="table table-compact" aria-label="Migration credits by kind">
        <TableHead
          columns={[
            'What',
            { label: 'Count', numeric: true },
            { label: 'Credits each', numeric: true },
            { label: 'Credits', numeric: true },
          ]}
        />
        <tbody>
          {lines.map((line) => (
            <tr key={line.label}>
              <th scope="row">{line.label}</th>
              <td className="num">{formatCount(line.count)}</td>
              <td className="num">{each(line.credits, line.count)}</td>
              <td className="num">{formatCredits(line.credits)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td />
            <td />
            <td className="num">{formatCredits(view.millicredits)}</td>
          </tr>
        </tfoot>
      </table>
      <p className="hint est-read">
        Spam, deleted and draft records skipped: {formatCount(view.skipped)}. Characters read from the export
        files: {formatCount(view.chars)}.
      </p>
      {empty ? (
        <div className="est-outcome est-outcome-empty" role="status" data-testid="migration-nothing-counted">
          <p>
            Nothing was counted, so this is not an estimate yet.{' '}
            {switchTo
              ? `The export looks like ${platformName(switchTo)}'s; switch to ${platformName(switchTo)} and estimate again.`
              : 'Fix the files listed below, or type the counts, and estimate again.'}
          </p>
          {canSwitch && (
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => {
                update({ platform: switchTo });
                void run();
              }}
            >
              Switch to {platformName(switchTo)} and estimate again
            </button>
          )}
        </div>
      ) : short && view.plan ? (
        <section className="est-subsection" aria-label="Cheapest bundles for the shortfall">
          <h3>Cheapest bundles for the shortfall</h3>
          <MigrationBundlePlan plan={view.plan} />
        </section>
      ) : (
        !short && (
          <p className="est-outcome">
            The balance covers this migration with {formatCredits(view.balance - view.millicredits)} credits
            to spare.
          </p>
        )
      )}
      <EstimateNotes title="Notes" items={view.warnings} />
      {view.errors.length > 0 && (
        <section className="est-subsection" aria-label="Records that could not be read">
          <h3>Records that could not be read</h3>
          <p className="hint">They were skipped; fix them in the export and estimate again to count them.</p>
          <table className="table table-compact">
            <TableHead columns={['File', { label: 'Line', numeric: true }, 'Problem']} />
            <tbody>
              {view.errors.map((e, i) => (
                <tr key={i}>
                  <th scope="row">{e.file}</th>
                  <td className="num">{e.line === null ? '—' : formatCount(e.line)}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </EstimateResultPanel>
  );
}
