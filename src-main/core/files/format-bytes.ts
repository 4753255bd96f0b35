const UNITS = [
  ['GB', 1024 ** 3],
  ['MB', 1024 ** 2],
  ['KB', 1024],
] as const;

/** Sizes for messages ("1.5 GB"), binary multiples as file managers show them. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of UNITS)
    if (bytes >= size) return `${(Math.round((bytes / size) * 10) / 10).toLocaleString('en-US')} ${unit}`;
  return `${bytes.toLocaleString('en-US')} bytes`;
}
