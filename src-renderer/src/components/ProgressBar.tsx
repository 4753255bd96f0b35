/** A labelled progress bar; without `max` it shows activity of unknown length. */
export function ProgressBar({
  label,
  value,
  max,
  valueText,
  tone = 'accent',
}: {
  label: string;
  value: number;
  max: number | null;
  valueText?: string;
  tone?: 'accent' | 'warning' | 'negative' | 'positive';
}) {
  const known = max !== null && max > 0;
  const share = known ? Math.min(1, Math.max(0, value / max)) : 0;
  return (
    <div
      className={`progress progress-${tone}${known ? '' : ' progress-indeterminate'}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={known ? max : undefined}
      aria-valuenow={known ? Math.min(value, max) : undefined}
      aria-valuetext={valueText}
    >
      <div className="progress-fill" style={{ width: known ? `${share * 100}%` : undefined }} />
    </div>
  );
}
