import { describe, expect, test } from 'vitest';
import { errorFromResponse } from '../../src-main/core/sync/http';

const answer = (status: number, body: unknown) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

describe('sync errors say what happened and what to do', () => {
  test('a refused push names the endpoint’s reason and the way out', async () => {
    const error = await errorFromResponse(
      answer(400, { statusCode: 400, error: 'Bad Request', message: 'row 0: amount must be an integer' }),
      'push ledger',
    );
    expect(error.status).toBe(400);
    expect(error.reachable).toBe(true);
    expect(error.message).toBe(
      'push ledger failed with HTTP 400: row 0: amount must be an integer (the endpoint refuses this data: run the same Creditdesk version here and on the endpoint; changes made here wait until then)',
    );
  });

  test('a wrong URL points at the setting; a proxy page or a busy endpoint needs no advice', async () => {
    expect((await errorFromResponse(answer(404, { message: 'Not Found' }), 'pull ledger')).message).toMatch(
      /Not Found \(check the endpoint URL in Settings → Team sync\)$/,
    );
    const proxy = await errorFromResponse(answer(502, '<html>Bad gateway</html>'), 'pull ledger');
    expect(proxy.message).toBe('pull ledger failed with HTTP 502');
    expect(proxy.reachable).toBe(false);
    const busy = await errorFromResponse(answer(429, { message: 'rate limit exceeded' }), 'push ledger');
    expect(busy.message).toBe('push ledger failed with HTTP 429: rate limit exceeded');
  });
});
