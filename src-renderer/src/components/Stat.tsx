import type { ReactNode } from 'react';

/** One figure with its label, e.g. "Bundle credits 10,000". */
export function Stat({
  label,
  value,
  hint,
  tone = 'default',
  testId,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  tone?: 'default' | 'positive' | 'negative' | 'warning';
  testId?: string;
}) {
  return (
    <div className={`stat stat-${tone}`} data-testid={testId}>
      <dt className="stat-label">{label}</dt>
      <dd className="stat-value">{value}</dd>
      {hint && <dd className="stat-hint">{hint}</dd>}
    </div>
  );
}
