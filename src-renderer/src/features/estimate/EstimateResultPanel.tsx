import type { ReactNode } from 'react';
import { Panel } from '../../components/Panel';
import type { EstimateKind } from './estimate-tab-store';
import type { SavedRef } from './estimate-shapes';
import { SavedBanner } from './SavedBanner';
import { SaveEstimateForm } from './SaveEstimateForm';
import { ExportEstimateButton } from './ExportEstimateButton';

/** The saved banner's note for a re-opened estimate made from files, which have to be chosen again. */
export const chooseAgainNote = (verb: 'read' | 'counted', files: string[]): string | undefined =>
  files.length ? `It ${verb} ${files.join(', ')}; choose those files again to run it anew.` : undefined;

/**
 * What every estimator's result shares: the panel with CSV export, the banner of a re-opened saved
 * estimate, the totals row, the estimator's own body, and the save form.
 */
export function EstimateResultPanel({
  kind,
  heading,
  description,
  title,
  result,
  saved,
  savedNote,
  exportLabel,
  actions,
  totalsLabel,
  totals,
  saveKey,
  children,
}: {
  kind: EstimateKind;
  /** The panel's heading. */
  heading: string;
  description?: string;
  /** The estimate's title: the file name of the export and the save form's suggestion. */
  title: string;
  result: unknown;
  saved: SavedRef | null;
  savedNote?: string;
  exportLabel: string;
  /** More buttons beside the export. */
  actions?: ReactNode;
  totalsLabel: string;
  /** The Stat items of the totals row. */
  totals: ReactNode;
  /** Remounts the save form for another result (default: the saved estimate's id). */
  saveKey?: string;
  children: ReactNode;
}) {
  return (
    <Panel
      title={heading}
      description={description}
      actions={
        <>
          <ExportEstimateButton
            kind={kind}
            title={title}
            result={result}
            at={saved?.savedAt}
            label={exportLabel}
          />
          {actions}
        </>
      }
    >
      <SavedBanner saved={saved} note={savedNote} />
      <dl className="stat-row stat-row-compact est-totals" aria-label={totalsLabel}>
        {totals}
      </dl>
      {children}
      <SaveEstimateForm
        key={saveKey ?? saved?.id ?? 'new'}
        kind={kind}
        saved={saved}
        suggestedTitle={title}
      />
    </Panel>
  );
}
