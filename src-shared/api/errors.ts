/**
 * Errors that cross the process boundary. Handlers throw ApiError; transports carry
 * `{ code, message }` and the renderer side rebuilds an ApiError, so a malformed call, a missing
 * document and a conflict read the same in Electron and in a browser.
 */

export const API_ERROR_CODES = [
  'bad_request',
  'not_found',
  'conflict',
  'unavailable',
  'cancelled',
  'forbidden',
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiErrorShape {
  code: ApiErrorCode;
  message: string;
  /** Field-level problems of a rejected input, e.g. [{ path: 'amount', message: 'expected integer' }]. */
  issues?: { path: string; message: string }[];
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
  }

  toJSON(): ApiErrorShape {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }

  static from(shape: unknown): ApiError {
    const s = shape as Partial<ApiErrorShape> | null;
    const code =
      s && API_ERROR_CODES.includes(s.code as ApiErrorCode) ? (s.code as ApiErrorCode) : 'internal';
    const message = s && typeof s.message === 'string' ? s.message : 'Unknown error';
    return new ApiError(code, message, Array.isArray(s?.issues) ? s.issues : undefined);
  }
}

/** What every transport returns for one call. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };
