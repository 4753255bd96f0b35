import { afterEach, describe, expect, it } from 'vitest';
import { jobHandlers } from '../../src-main/core/jobs/handlers';
import { openTestCore, type TestCore } from './core-fixture';

let t: TestCore | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('a domain’s handlers', () => {
  it('run on just the services they are handed', async () => {
    const begun: [string, number, string][] = [];
    const handlers = jobHandlers({
      uploads: {
        begin: (name, size, owner = '') => (begun.push([name, size, owner]), 'u-1'),
        append: (_id, chunk) => chunk.byteLength,
      },
      jobs: { cancel: (jobId) => jobId === 'running' },
    });
    const socket = { transport: 'web' as const, connection: 'socket-7' };
    await expect(handlers.beginUpload({ name: 'a.pdf', size: 3 }, socket)).resolves.toEqual({
      uploadId: 'u-1',
    });
    expect(begun).toEqual([['a.pdf', 3, 'socket-7']]);
    const chunk = new Uint8Array(5);
    await expect(handlers.appendUpload({ uploadId: 'u-1', chunk }, socket)).resolves.toEqual({ received: 5 });
    await expect(handlers.cancelJob({ jobId: 'running' }, socket)).resolves.toEqual({ cancelled: true });
    await expect(handlers.cancelJob({ jobId: 'other' }, socket)).resolves.toEqual({ cancelled: false });
  });

  it('read what is set after start-up at call time: the browser link the web host adds later', async () => {
    t = await openTestCore();
    const before = await t.raw('rotateBrowserLink', {});
    expect(before).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    t.core.context.browserLink = { rotate: () => 'http://127.0.0.1:1/#token=new' };
    await expect(t.call('rotateBrowserLink', {})).resolves.toEqual({
      openUrl: 'http://127.0.0.1:1/#token=new',
    });
  });
});
