const UNITS = [
  { unit: 'gigabyte', size: 1024 ** 3 },
  { unit: 'megabyte', size: 1024 ** 2 },
  { unit: 'kilobyte', size: 1024 },
] as const;

const formatters = new Map<string, Intl.NumberFormat>();
const formatter = (unit: string): Intl.NumberFormat => {
  let f = formatters.get(unit);
  if (!f) {
    f = new Intl.NumberFormat(undefined, {
      style: 'unit',
      unit,
      // English's short form of "byte" has no plural ("814 byte"); the long one reads right.
      unitDisplay: unit === 'byte' ? 'long' : 'short',
      maximumFractionDigits: 1,
    });
    formatters.set(unit, f);
  }
  return f;
};

/** File sizes in the user's locale ("1.2 MB"), binary multiples as file managers show them. */
export function formatBytes(bytes: number): string {
  for (const { unit, size } of UNITS) if (bytes >= size) return formatter(unit).format(bytes / size);
  return formatter('byte').format(bytes);
}
