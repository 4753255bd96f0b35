/** UTC day arithmetic for date pickers: analytics days and billing cycles are UTC (ARCHITECTURE.md). */
export const DAY_MS = 86_400_000;

/** Midnight UTC of the day containing `ms`. */
export const startOfUtcDay = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

/** "2026-11-03" for an <input type="date"> holding a UTC day. */
export const toDateInput = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The UTC midnight of an <input type="date"> value, or null when it is empty or invalid. */
export function fromDateInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(ms) ? null : ms;
}
