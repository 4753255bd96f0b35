import type { FastifyError, FastifyInstance } from 'fastify';
import type { ErrorBody } from '../src-shared/sync/protocol';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** An error whose message is meant for the caller; everything else becomes an opaque 500. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    /** More fields of the error body, e.g. the refused documents of a push. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, message);

export function errorBody(statusCode: number, message: string): ErrorBody {
  return { statusCode, error: REASONS[statusCode] ?? 'Error', message };
}

/** Fastify's own 4xx (body parsing, limits) reworded so every refusal says what to change. */
function describeFastifyError(error: FastifyError, bodyLimit: number): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `request body is larger than the limit of ${bodyLimit} bytes; send fewer rows per request`;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'request body must be JSON (Content-Type: application/json)';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'request body is empty; send a JSON body';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case undefined:
      return error instanceof SyntaxError
        ? `request body is not valid JSON: ${error.message}`
        : error.message;
    default:
      return error.message;
  }
}

export function installErrorHandlers(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error instanceof HttpError ? error.statusCode : (error.statusCode ?? 500);
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      // Store outages are worth a retry to the client; say so instead of a bare 500.
      const transient = /connect|terminat|ECONN|timeout/i.test(error.message ?? '');
      const code = transient ? 503 : 500;
      return reply
        .code(code)
        .send(
          errorBody(
            code,
            transient ? 'the store is unavailable; retry shortly' : 'internal error; see the server log',
          ),
        );
    }
    if (error instanceof HttpError)
      return reply.code(status).send({ ...errorBody(status, error.message), ...error.details });
    return reply.code(status).send(errorBody(status, describeFastifyError(error, bodyLimit)));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody(404, `no route ${request.method} ${request.url.split('?')[0]}`));
  });
}
