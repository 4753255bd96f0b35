import { z } from 'zod';
import {
  ApiError,
  methods,
  type Envelope,
  type MethodName,
  type MethodOutput,
  type MethodParsedInput,
} from '../../../src-shared/api';
import { PricingError } from '../../../src-shared/pricing/errors';
import { LedgerError } from '../../../src-shared/ledger/errors';

export interface CallContext {
  /** Where the call came from; the web host may refuse what only Electron should do (file paths). */
  transport: 'ipc' | 'web' | 'test';
  /** The web host's socket the call came on: uploads are counted and dropped per connection. */
  connection?: string;
}

/** The handlers of some methods: a domain's table (src-main/core/<domain>/handlers.ts) or all of them. */
export type HandlerTable<K extends MethodName> = {
  [M in K]: (input: MethodParsedInput<M>, context: CallContext) => Promise<MethodOutput<M>>;
};
export type Handlers = HandlerTable<MethodName>;

export type Dispatch = (method: unknown, input: unknown, context: CallContext) => Promise<Envelope<unknown>>;

export interface DispatcherOptions {
  /** Receives unexpected errors with their stack, for the log; the caller gets the method and message only. */
  onInternalError?: (method: string, error: unknown) => void;
}

const isMethodName = (name: unknown): name is MethodName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);

export function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(input)', message: i.message }));
}

/**
 * The one gate every renderer call passes: the method must exist in the contract and the input must
 * match its schema before any handler runs, so a malformed call changes nothing.
 */
export function createDispatcher(handlers: Handlers, options: DispatcherOptions = {}): Dispatch {
  return async (method, input, context) => {
    if (!isMethodName(method)) {
      return fail(
        new ApiError('bad_request', `Unknown method ${JSON.stringify(String(method)).slice(0, 80)}.`),
      );
    }
    const parsed = methods[method].input.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      const summary = issues
        .slice(0, 3)
        .map((i) => `${i.path}: ${i.message}`)
        .join('; ');
      return fail(new ApiError('bad_request', `Invalid input for ${method}: ${summary}`, issues));
    }
    try {
      const handler = handlers[method] as (i: unknown, c: CallContext) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data, context) };
    } catch (error) {
      if (error instanceof ApiError) return fail(error);
      if (error instanceof PricingError || error instanceof LedgerError) {
        // The engines name the field they rejected; the caller can fix its input.
        return fail(
          new ApiError('bad_request', error.message, [{ path: error.field, message: error.message }]),
        );
      }
      if (error instanceof z.ZodError) {
        return fail(
          new ApiError(
            'bad_request',
            `Invalid data: ${error.issues[0]?.message ?? 'rejected'}`,
            issuesOf(error),
          ),
        );
      }
      options.onInternalError?.(method, error);
      const detail = error instanceof Error ? error.message : String(error);
      return fail(new ApiError('internal', `${method} failed: ${detail}`));
    }
  };
}

const fail = (error: ApiError): Envelope<never> => ({ ok: false, error: error.toJSON() });
