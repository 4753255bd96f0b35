/** Invalid input to a ledger function; `field` names the argument or entry field at fault. */
export class LedgerError extends Error {
  override readonly name = 'LedgerError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** Latest instant ECMAScript dates can hold, the upper bound of every ledger time. */
export const MAX_TIME = 8_640_000_000_000_000;

/** @throws LedgerError unless `value` is an epoch-millisecond time the ledger can represent. */
export function assertTime(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_TIME) {
    throw new LedgerError(
      field,
      `expected epoch milliseconds (a non-negative integer), got ${String(value)}`,
    );
  }
  return value;
}

/** A balance checkpoint that is malformed or inconsistent: never used, whatever the part at fault. */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
}
