import { useEffect, useState } from 'react';
import type { LedgerRow } from '../../../../src-shared/api';
import { useLedgerStore } from './ledger-store';
import { useImportStore } from '../imports/import-store';
import { useExportStore } from './export-store';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, EmptyState, Loading } from '../../components/States';
import { Icon } from '../../components/Icon';
import { formatCount, formatSignedCredits } from '../../lib/format';
import { LedgerFilters } from './LedgerFilters';
import { LedgerTable } from './LedgerTable';
import { LedgerDetails } from './LedgerDetails';
import { ReversalDialog } from './ReversalDialog';
import { CorrectionDialog, type CorrectionMode } from './CorrectionDialog';
import { ImportPanel } from '../imports/ImportPanel';
import { ExportButton } from './ExportButton';

/** Every ledger entry: filter, inspect, correct, import and export. */
export function LedgerPage() {
  const status = useLedgerStore((s) => s.status);
  const error = useLedgerStore((s) => s.error);
  const total = useLedgerStore((s) => s.total);
  const totals = useLedgerStore((s) => s.totals);
  const filtered = useLedgerStore((s) => Object.keys(s.filter).length > 0);
  const load = useLedgerStore((s) => s.load);
  const retry = useLedgerStore((s) => s.retry);
  const clearFilter = useLedgerStore((s) => s.clearFilter);
  const importPhase = useImportStore((s) => s.phase);
  const exportError = useExportStore((s) => s.error);
  // "#/ledger?import=1" (the set-up's "import past usage next") opens the import at once.
  const [importOpen, setImportOpen] = useState(() => /[?&]import=1\b/.test(window.location.hash));
  const [reversing, setReversing] = useState<LedgerRow | null>(null);
  const [correction, setCorrection] = useState<CorrectionMode | null>(null);
  useEffect(() => load(), [load]);

  const showImport = importOpen || importPhase !== 'idle';
  return (
    <div className="ledger-page">
      <PageHeader
        title="Ledger"
        description={
          total === null ? (
            'Every credit in and out, newest first.'
          ) : (
            <>
              <span data-testid="ledger-count">
                {formatCount(total)} {total === 1 ? 'entry' : 'entries'}
                {filtered ? (total === 1 ? ' matches the filters' : ' match the filters') : ''}
              </span>
              {totals && (
                <span className="ledger-totals" data-testid="ledger-totals">
                  {' · '}
                  {formatSignedCredits(totals.inMillicredits)} in,{' '}
                  {formatSignedCredits(totals.outMillicredits)} out, net{' '}
                  {formatSignedCredits(totals.inMillicredits + totals.outMillicredits)} credits
                </span>
              )}
            </>
          )
        }
        actions={
          <>
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => setImportOpen(true)}
              aria-expanded={showImport}
            >
              <Icon name="upload" /> Import usage
            </button>
            <ExportButton />
            <button type="button" className="btn btn-secondary" onClick={() => setCorrection('adjustment')}>
              Adjust…
            </button>
            <button type="button" className="btn btn-primary" onClick={() => setCorrection('grant')}>
              <Icon name="plus" /> Grant credits…
            </button>
          </>
        }
      />
      {showImport && <ImportPanel onClose={() => setImportOpen(false)} />}
      {exportError && <ErrorState title="Export failed" message={exportError} />}
      <LedgerFilters />
      <div className="ledger-main">
        <div className="ledger-table-wrap">
          {status === 'error' && total === null ? (
            <ErrorState title="Could not load the ledger" message={error ?? ''} onRetry={retry} />
          ) : total === null ? (
            <Loading label="Loading the ledger…" />
          ) : total === 0 ? (
            <EmptyState title={filtered ? 'No entries match these filters' : 'The ledger is empty'}>
              {filtered ? (
                <button type="button" className="btn btn-secondary" onClick={clearFilter}>
                  Clear filters
                </button>
              ) : (
                'Usage recorded by the help desk, imports, purchases and grants appear here.'
              )}
            </EmptyState>
          ) : (
            <>
              {status === 'error' && (
                <ErrorState title="Some rows could not be loaded" message={error ?? ''} onRetry={retry} />
              )}
              <LedgerTable />
            </>
          )}
        </div>
        <LedgerDetails onReverse={setReversing} />
      </div>
      <ReversalDialog row={reversing} onClose={() => setReversing(null)} />
      <CorrectionDialog mode={correction} onClose={() => setCorrection(null)} />
    </div>
  );
}
