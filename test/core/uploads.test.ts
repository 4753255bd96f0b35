import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Uploads } from '../../src-main/core/files/uploads';
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from '../../src-main/core/files/upload-limits';
import { ApiError } from '../../src-shared/api/errors';
import { openTestCore, type TestCore } from './core-fixture';

const dirs: string[] = [];
const cores: TestCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fresh(limits: Partial<UploadLimits> = {}, clock = { now: 1_000_000 }) {
  const dir = mkdtempSync(join(tmpdir(), 'creditdesk-uploads-'));
  dirs.push(dir);
  const uploads = new Uploads(dir, () => clock.now, { ...DEFAULT_UPLOAD_LIMITS, ...limits });
  return { dir, uploads, clock, staged: () => readdirSync(join(dir, 'uploads')) };
}

const openFds = (): number => readdirSync('/proc/self/fd').length;

function refusal(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected a refusal');
}

describe('upload caps', () => {
  it('2,000 beginUpload calls from one page leave 4 open files, not 2,000', async () => {
    const t = await openTestCore();
    cores.push(t);
    const before = openFds();
    const context = { transport: 'web' as const, connection: 'page-1' };
    const answers = [];
    for (let i = 0; i < 2000; i++)
      answers.push(await t.core.dispatch('beginUpload', { name: `f${i}.pdf`, size: 10 }, context));
    const ok = answers.filter((a) => a.ok);
    expect(ok).toHaveLength(DEFAULT_UPLOAD_LIMITS.openPerConnection);
    expect(answers[4]).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(!answers[4]!.ok && answers[4]!.error.message).toMatch(/already has 4 uploads in progress/);
    expect(openFds() - before).toBeLessThanOrEqual(DEFAULT_UPLOAD_LIMITS.openPerConnection);
    expect(readdirSync(join(t.dataDir, 'uploads'))).toHaveLength(4);
    // Another page still gets its own share.
    expect(
      await t.core.dispatch(
        'beginUpload',
        { name: 'b.pdf', size: 10 },
        { transport: 'web', connection: 'page-2' },
      ),
    ).toMatchObject({ ok: true });
  });

  it('caps open uploads per app across connections', () => {
    const { uploads } = fresh({ openPerConnection: 2, openPerApp: 5 });
    for (const owner of ['a', 'a', 'b', 'b', 'c']) uploads.begin('x', 1, owner);
    expect(refusal(() => uploads.begin('x', 1, 'd')).message).toMatch(/Creditdesk already has 5 uploads/);
  });

  it('caps staged bytes per connection and per app, counted at the declared size', () => {
    const { uploads } = fresh({ bytesPerConnection: 1000, bytesPerApp: 1500 });
    uploads.begin('a', 600, 'a');
    expect(refusal(() => uploads.begin('b', 401, 'a')).message).toMatch(/would exceed .* for this page/);
    uploads.begin('b', 400, 'a');
    uploads.begin('c', 500, 'b');
    expect(refusal(() => uploads.begin('d', 1, 'c')).message).toMatch(/would exceed .* in all/);
  });

  it('finished uploads still count toward the staged file cap until they expire', () => {
    const { uploads, clock } = fresh({ stagedPerConnection: 3 });
    for (let i = 0; i < 3; i++) uploads.append(uploads.begin(`f${i}`, 1, 'a'), new Uint8Array([1]));
    expect(refusal(() => uploads.begin('x', 1, 'a')).message).toMatch(/Too many files are staged/);
    clock.now += DEFAULT_UPLOAD_LIMITS.completeTtlMs + 1;
    expect(() => uploads.begin('x', 1, 'a')).not.toThrow();
  });

  it('unfinished uploads expire within minutes, finished ones later, and their files go', () => {
    const { uploads, clock, staged } = fresh();
    const unfinished = uploads.begin('half.pdf', 10, 'a');
    uploads.append(unfinished, new Uint8Array(5));
    const finished = uploads.begin('whole.pdf', 3, 'a');
    uploads.append(finished, new Uint8Array(3));
    clock.now += DEFAULT_UPLOAD_LIMITS.incompleteTtlMs + 1;
    uploads.begin('trigger', 1, 'b');
    expect(() => uploads.resolve({ uploadId: unfinished }, { transport: 'web' })).toThrow(
      /unknown or expired/,
    );
    expect(uploads.resolve({ uploadId: finished }, { transport: 'web' }).size).toBe(3);
    expect(staged()).toHaveLength(2);
    clock.now += DEFAULT_UPLOAD_LIMITS.completeTtlMs + 1;
    uploads.begin('trigger2', 1, 'b');
    expect(() => uploads.resolve({ uploadId: finished }, { transport: 'web' })).toThrow(/unknown or expired/);
    expect(staged()).toHaveLength(1);
  });

  it('a finished upload does not expire while a job may still read it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'creditdesk-uploads-'));
    dirs.push(dir);
    const clock = { now: 0 };
    let reading = true;
    const uploads = new Uploads(
      dir,
      () => clock.now,
      DEFAULT_UPLOAD_LIMITS,
      () => reading,
    );
    const id = uploads.begin('doc.pdf', 1, 'a');
    uploads.append(id, new Uint8Array(1));
    clock.now += DEFAULT_UPLOAD_LIMITS.completeTtlMs * 4;
    uploads.begin('trigger', 1, 'b');
    expect(uploads.resolve({ uploadId: id }, { transport: 'web' }).size).toBe(1);
    reading = false;
    clock.now += DEFAULT_UPLOAD_LIMITS.completeTtlMs + 1;
    uploads.begin('trigger2', 1, 'b');
    expect(() => uploads.resolve({ uploadId: id }, { transport: 'web' })).toThrow(/unknown or expired/);
  });

  it('a closed connection drops its unfinished uploads and keeps its finished ones', () => {
    const { uploads, staged } = fresh();
    const half = uploads.begin('half', 10, 'page');
    const whole = uploads.begin('whole', 1, 'page');
    uploads.append(whole, new Uint8Array(1));
    const other = uploads.begin('other', 10, 'other-page');
    uploads.releaseConnection('page');
    expect(uploads.usage('page')).toEqual({ open: 0, staged: 1, bytes: 1 });
    expect(() => uploads.append(half, new Uint8Array(1))).toThrow(/unknown or already complete/);
    expect(uploads.usage('other-page').open).toBe(1);
    expect(staged().sort()).toEqual([whole, other].sort());
  });

  it('removes what an earlier run left in the uploads folder at start-up', () => {
    const dir = mkdtempSync(join(tmpdir(), 'creditdesk-uploads-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'uploads'));
    writeFileSync(join(dir, 'uploads', 'left-over'), 'x'.repeat(1000));
    const uploads = new Uploads(dir);
    expect(readdirSync(join(dir, 'uploads'))).toEqual([]);
    expect(statSync(join(dir, 'uploads')).mode & 0o777).toBe(0o700);
    uploads.close();
    expect(existsSync(join(dir, 'uploads', 'left-over'))).toBe(false);
  });
});
