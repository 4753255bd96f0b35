/**
 * Structural equality of JSON values, ignoring key order. The replication compares every pulled and
 * pushed document with this, so it must not allocate (canonical JSON strings would, per call).
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key in x) {
    if (x[key] === undefined) continue;
    count++;
    if (!jsonEqual(x[key], y[key])) return false;
  }
  for (const key in y) if (y[key] !== undefined) count--;
  return count === 0;
}

const LOCAL_ONLY = new Set(['_meta', '_rev', '_attachments']);

/** Equality of two replicated document states: RxDB's per-machine meta fields do not count. */
export function sameReplicatedState(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  let count = 0;
  for (const key in a) {
    if (LOCAL_ONLY.has(key) || a[key] === undefined) continue;
    count++;
    if (!jsonEqual(a[key], b[key])) return false;
  }
  for (const key in b) if (!LOCAL_ONLY.has(key) && b[key] !== undefined) count--;
  return count === 0;
}
