import { mkdtempSync, rmSync, truncateSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentEstimator, type EstimateProgress } from '../../src-main/core/documents';
import { cleanText, countChars } from '../../src-shared/pricing/text';
import { lines, makeDocx, makePdf, makeRawDocx, pdfText } from './support/make-files';

const expected = (text: string) => countChars(cleanText(text));
const utf8 = (s: string) => new TextEncoder().encode(s);
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'creditdesk-docs-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Worker threads start slowly from TypeScript sources and on a busy CI machine; give them room.
describe('document estimator (worker threads)', { timeout: 90_000 }, () => {
  it('estimates a batch of paths and bytes: rows, prices, duplicates, error rows, totals, progress', async () => {
    const pages = [lines(45, 1), lines(45, 2), lines(45, 3)];
    const pdf = await makePdf(pages);
    writeFileSync(join(dir, 'guide.pdf'), pdf);
    const docxText = lines(80, 6);
    writeFileSync(join(dir, 'policy.docx'), await makeDocx(docxText));
    const events: EstimateProgress[] = [];
    const estimator = createDocumentEstimator({ maxWorkers: 2 });
    try {
      const batch = await estimator.estimate(
        [
          { path: join(dir, 'guide.pdf') },
          { bytes: pdf, name: 'guide-again.pdf' },
          { path: join(dir, 'policy.docx') },
          { bytes: utf8('%PDF-1.4 broken'), name: 'broken.pdf' },
          { bytes: utf8('x'.repeat(12_000)), name: 'notes.txt' },
          { bytes: utf8('hello'), name: 'virus.exe' },
        ],
        { onProgress: (e) => events.push(e) },
      );
      const [guide, again, policy, broken, notes, exe] = batch.files;
      const pdfChars = expected(pdfText(pages));
      expect(guide).toMatchObject({
        status: 'ok',
        kind: 'pdf',
        chars: pdfChars,
        pdfPages: 3,
        duplicateOf: null,
      });
      expect(guide!.pages).toBe(Math.ceil(pdfChars / 5000));
      expect(guide!.millicredits).toBe(guide!.pages * 1000);
      expect(again).toMatchObject({ status: 'ok', sha256: guide!.sha256, chars: pdfChars, duplicateOf: 0 });
      expect(policy).toMatchObject({ status: 'ok', kind: 'docx', chars: expected(docxText.join('\n')) });
      expect(broken).toMatchObject({ status: 'error', problem: { code: 'corrupt' } });
      expect(notes).toMatchObject({ status: 'ok', chars: 12_000, pages: 3, millicredits: 3000 });
      expect(exe).toMatchObject({ status: 'error', problem: { code: 'unsupported' } });
      expect(batch.totals).toMatchObject({ files: 6, ok: 4, errors: 2, duplicates: 1 });
      expect(batch.totals.millicredits).toBe(
        guide!.millicredits + policy!.millicredits + notes!.millicredits,
      );
      expect(batch.rateCardVersion).toBeTruthy();

      const results = events.filter((e) => e.type === 'file-result');
      expect(results).toHaveLength(6);
      const last = events.filter((e) => e.type === 'batch').at(-1);
      expect(last).toMatchObject({ filesDone: 6, filesTotal: 6 });
      const guidePages = events.filter((e) => e.type === 'file' && e.index === 0 && e.pagesDone !== null);
      expect(guidePages.at(-1)).toMatchObject({ pagesDone: 3, pagesTotal: 3, stage: 'done' });
    } finally {
      await estimator.close();
    }
  });

  it('splits a long PDF across both workers and still counts exactly', async () => {
    const pages = Array.from({ length: 120 }, (_, i) => lines(30, i + 10));
    const estimator = createDocumentEstimator({ maxWorkers: 2 });
    const pageEvents: number[] = [];
    try {
      const batch = await estimator.estimate([{ bytes: await makePdf(pages), name: 'manual.pdf' }], {
        onProgress: (e) => {
          if (e.type === 'file' && e.pagesDone !== null) pageEvents.push(e.pagesDone);
        },
      });
      expect(batch.files[0]).toMatchObject({ status: 'ok', pdfPages: 120, chars: expected(pdfText(pages)) });
      expect(pageEvents.at(-1)).toBe(120);
      expect(pageEvents).toEqual([...pageEvents].sort((a, b) => a - b));
    } finally {
      await estimator.close();
    }
  });

  it('two batches at once share the threads and both finish', async () => {
    const estimator = createDocumentEstimator({ maxWorkers: 1 });
    try {
      const files = (tag: string) =>
        [1, 2, 3].map((n) => ({ bytes: utf8(`${tag} file ${n}`), name: `${tag}${n}.txt` }));
      const [a, b] = await Promise.all([estimator.estimate(files('a')), estimator.estimate(files('bb'))]);
      expect(a.files.map((f) => f.chars)).toEqual([8, 8, 8]);
      expect(b.files.map((f) => f.chars)).toEqual([9, 9, 9]);
    } finally {
      await estimator.close();
    }
  });

  it('refuses a 500 MB file from its size alone, without reading it', async () => {
    const path = join(dir, 'huge.pdf');
    closeSync(openSync(path, 'w'));
    truncateSync(path, 500 * 1024 * 1024);
    const estimator = createDocumentEstimator({ maxWorkers: 1 });
    try {
      const started = Date.now();
      const batch = await estimator.estimate([{ path }]);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(batch.files[0]).toMatchObject({
        status: 'error',
        bytes: 500 * 1024 * 1024,
        problem: { code: 'too-large' },
      });
      expect(batch.files[0]!.problem!.message).toMatch(/500 MB.*200 MB/);
    } finally {
      await estimator.close();
    }
  });

  it('a worker that runs out of memory becomes an error row; the next file is still estimated', async () => {
    const estimator = createDocumentEstimator({ maxWorkers: 1, workerMemoryMb: 24 });
    try {
      // Small on disk, but mammoth builds a DOM of 60,000 paragraphs: far over a 24 MB heap.
      const heavy = makeRawDocx(60_000, 'word '.repeat(20));
      const batch = await estimator.estimate([
        { bytes: heavy, name: 'heavy.docx' },
        { bytes: utf8('still here'), name: 'after.txt' },
      ]);
      expect(batch.files[0]).toMatchObject({ status: 'error', problem: { code: 'crashed' } });
      expect(batch.files[0]!.problem!.message).toMatch(/24 MB/);
      expect(batch.files[1]).toMatchObject({ status: 'ok', chars: 10 });
    } finally {
      await estimator.close();
    }
  });

  it('a file that takes too long is stopped with a timeout row', async () => {
    const estimator = createDocumentEstimator({ maxWorkers: 1, fileTimeoutMs: 300 });
    try {
      const pdf = await makePdf(Array.from({ length: 150 }, (_, i) => lines(45, i)));
      const batch = await estimator.estimate([{ bytes: pdf, name: 'slow.pdf' }]);
      expect(batch.files[0]).toMatchObject({ status: 'error', problem: { code: 'timeout' } });
    } finally {
      await estimator.close();
    }
  });

  it('cancels: rejects with the abort reason at once, and the estimator stays usable', async () => {
    const estimator = createDocumentEstimator({ maxWorkers: 2 });
    try {
      const pdf = await makePdf(Array.from({ length: 150 }, (_, i) => lines(45, i)));
      const controller = new AbortController();
      let abortedAt = 0;
      const running = estimator.estimate(
        [
          { bytes: pdf, name: 'a.pdf' },
          { bytes: pdf.slice(), name: 'b.pdf' },
        ],
        {
          signal: controller.signal,
          onProgress: (e) => {
            if (e.type === 'file' && (e.pagesDone ?? 0) > 0 && !abortedAt) {
              abortedAt = Date.now();
              controller.abort();
            }
          },
        },
      );
      await expect(running).rejects.toMatchObject({ name: 'AbortError' });
      expect(abortedAt).toBeGreaterThan(0);
      expect(Date.now() - abortedAt).toBeLessThan(1000);
      const again = await estimator.estimate([{ bytes: utf8('after cancel'), name: 'x.txt' }]);
      expect(again.files[0]).toMatchObject({ status: 'ok', chars: 12 });
    } finally {
      await estimator.close();
    }
  });
});
