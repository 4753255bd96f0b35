import type { RunPhase } from './estimate-shapes';
import { ErrorState } from '../../components/States';

/** Why an estimate run left no result: it failed, or the user cancelled it. */
export function RunOutcome({ phase, error }: { phase: RunPhase; error: string | null }) {
  if (!error) return null;
  if (phase === 'failed') return <ErrorState title="Estimate failed" message={error} />;
  if (phase === 'cancelled')
    return (
      <p className="est-banner" role="status">
        {error}
      </p>
    );
  return null;
}
