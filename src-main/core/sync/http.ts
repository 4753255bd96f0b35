/** Thin fetch wrapper for the sync endpoint: bearer auth, JSON, and errors that say what happened. */

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;
export type TokenProvider = () => string | null | undefined | Promise<string | null | undefined>;

export class SyncHttpError extends Error {
  constructor(
    message: string,
    /** HTTP status; 0 when the endpoint could not be reached at all, −1 for a failure on this machine. */
    readonly status: number,
    /** The error body's machine-readable fields (`code`, `epoch`), when the endpoint sent them. */
    readonly details: { code?: string; epoch?: string } = {},
  ) {
    super(message);
    this.name = 'SyncHttpError';
  }

  /** Reachable means some server answered; 502–504 come from a proxy in front of a dead endpoint. */
  get reachable(): boolean {
    return this.status > 0 && this.status !== 502 && this.status !== 503 && this.status !== 504;
  }
}

export async function authHeaders(getToken: TokenProvider): Promise<Record<string, string>> {
  const token = await getToken();
  if (!token) throw new SyncHttpError('no sync token is set; add one in Settings → Team sync', 401);
  return { authorization: `Bearer ${token}` };
}

export async function errorFromResponse(response: Response, what: string): Promise<SyncHttpError> {
  let detail = '';
  const details: SyncHttpError['details'] = {};
  try {
    const body = (await response.json()) as { message?: unknown; code?: unknown; epoch?: unknown };
    if (typeof body.message === 'string') detail = body.message;
    if (typeof body.code === 'string') details.code = body.code;
    if (typeof body.epoch === 'string') details.epoch = body.epoch;
  } catch {
    // Not our JSON error body (a proxy's HTML page, a cut connection): the status says enough.
  }
  return new SyncHttpError(
    `${what} failed with HTTP ${response.status}${detail ? `: ${detail}` : ''}${nextStep(response.status)}`,
    response.status,
    details,
  );
}

/**
 * What to do about an answer that retrying alone will not change. The request is retried with
 * backoff regardless, so nothing local is dropped; a refused push holds back that collection's
 * later changes until the cause is fixed, which the user has to hear.
 */
function nextStep(status: number): string {
  if (status === 400 || status === 413 || status === 422)
    return ' (the endpoint refuses this data: run the same Creditdesk version here and on the endpoint; changes made here wait until then)';
  if (status === 404) return ' (check the endpoint URL in Settings → Team sync)';
  return '';
}

export function networkError(error: unknown, what: string): SyncHttpError {
  if (error instanceof SyncHttpError) return error;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
  return new SyncHttpError(`${what}: the sync endpoint is unreachable (${reason})`, 0);
}

export async function requestJson<T>(
  fetchFn: FetchLike,
  url: string,
  init: RequestInit,
  getToken: TokenProvider,
  what: string,
): Promise<T> {
  const headers = { ...(await authHeaders(getToken)), ...(init.headers as Record<string, string>) };
  let response: Response;
  try {
    response = await fetchFn(url, { ...init, headers });
  } catch (error) {
    throw networkError(error, what);
  }
  if (!response.ok) throw await errorFromResponse(response, what);
  try {
    return (await response.json()) as T;
  } catch (error) {
    // A response cut mid-body looks like bad JSON; it is a network failure, not a protocol error.
    throw networkError(error, what);
  }
}
