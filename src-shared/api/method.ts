import { z } from 'zod';

/**
 * How a domain declares one method of the contract: a runtime schema for the input (main validates
 * before acting) and the output type. Also the input pieces several domains share.
 */
export interface Method<I extends z.ZodType, O> {
  input: I;
  /** Type-level only: the value is never read at run time. */
  output: O;
}

export const method =
  <O>() =>
  <I extends z.ZodType>(input: I): Method<I, O> => ({ input, output: undefined as O });

/** A domain's method table, as the central contract merges it. */
export type MethodTable = Record<string, Method<z.ZodType, unknown>>;

export const millis = z.number().int().min(0).max(8_640_000_000_000_000);
export const positiveAmount = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
export const reason = z.string().trim().min(1, 'a reason is required').max(500);
export const jobId = z.string().uuid();
export const id = z.string().min(1).max(300);
/** Idempotency key chosen by the caller (one per form submission): replaying the call is a no-op. */
export const requestId = z.string().uuid().optional();
export const empty = z.strictObject({});

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** One table from the domains' tables; a name in two of them is a mistake caught when the module loads. */
export function mergeTables<T extends MethodTable[]>(...tables: T): Intersection<T[number]> {
  const merged: MethodTable = {};
  for (const table of tables) {
    for (const [name, entry] of Object.entries(table)) {
      if (Object.prototype.hasOwnProperty.call(merged, name))
        throw new Error(`Method ${name} is defined twice.`);
      merged[name] = entry;
    }
  }
  return merged as Intersection<T[number]>;
}

/** Compiles only when T is empty: used to prove a hand-kept name list misses nothing (names it if it does). */
export type NoneLeft<T extends never> = T;
