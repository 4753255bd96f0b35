import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHostProcess, tinyRenderer, type HostProcess } from './support/host-process';
import { openApi, type ApiClient } from './support/api-socket';
import { uploadBytes } from './support/upload';
import { MAX_PASTED_URLS } from '../../src-shared/api/files';
import type { WebsiteEstimateView } from '../../src-shared/api/views';

let host: HostProcess;
let client: ApiClient;
const dataDir = mkdtempSync(join(tmpdir(), 'creditdesk-urls-'));
const rendererDir = tinyRenderer();

beforeAll(async () => {
  host = await startHostProcess({ dataDir, rendererDir });
  client = await openApi(host.port, host.token);
});
afterAll(async () => {
  client?.close();
  await host?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(rendererDir, { recursive: true, force: true });
});

/** Help-center style addresses (~95 characters each) spread over three sites, all different. */
const pastedList = (count: number): string =>
  Array.from(
    { length: count },
    (_, i) =>
      `https://${['help', 'docs', 'support'][i % 3]}.example.com/hc/en-us/articles/${360000000 + i}-How-to-set-up-your-account`,
  ).join('\n');

async function estimateList(
  text: string,
): Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> {
  const uploadId = await uploadBytes(client, 'pasted-addresses.txt', new TextEncoder().encode(text));
  return client.call('estimateWebsite', {
    jobId: crypto.randomUUID(),
    urlList: { uploadId },
    avgChars: 6000,
  });
}

describe('pasted address lists travel as uploads', () => {
  it.each([30_000, 100_000])('%i pasted addresses are estimated without a crash', async (count) => {
    const text = pastedList(count);
    expect(text.length).toBeGreaterThan(2 * 1024 * 1024); // more than one socket frame may carry
    const answer = await estimateList(text);
    expect(answer.ok).toBe(true);
    const view = answer.value as WebsiteEstimateView;
    expect(view.pages).toBe(count);
    expect(view.sites).toHaveLength(3);
    // 3 crawls + every page at 6,000 characters = 2 pages each, 1 credit per page.
    expect(view.totalMillicredits.expected).toBe(3_000 + count * 2_000);
    expect(host.alive()).toBe(true);
  });

  it('a list over the limit is refused with what to do, and the socket stays open', async () => {
    const answer = await estimateList(`${pastedList(MAX_PASTED_URLS)}\nhttps://extra.example.com/one-more`);
    expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(answer.error!.message).toMatch(/100,001 lines, over 100,000; put longer lists in a sitemap file/);
    expect(await client.call('getOverview', {})).toMatchObject({ ok: true });
  });
});
