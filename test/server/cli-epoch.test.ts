import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';

const CLI = join(import.meta.dirname, '../../src-server/cli.ts');
const data = mkdtempSync(join(tmpdir(), 'creditdesk-cli-epoch-'));
afterAll(() => rmSync(data, { recursive: true, force: true }));
const cli = async (...args: string[]) =>
  (await promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, ...args, '--data', data])).stdout;

test('`epoch renew` gives the store a new epoch (the step after restoring a backup); `epoch show` prints it', async () => {
  const before = (await cli('epoch', 'show')).trim();
  expect(before).toMatch(/^[0-9a-f-]{36}$/);
  expect((await cli('epoch', 'show')).trim()).toBe(before);
  const renewed = await cli('epoch', 'renew');
  expect(renewed).toMatch(/pull everything again and push what it lacks/);
  const after = (await cli('epoch', 'show')).trim();
  expect(after).toMatch(/^[0-9a-f-]{36}$/);
  expect(after).not.toBe(before);
  expect(renewed).toContain(after);
}, 60_000);
