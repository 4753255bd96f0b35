import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED_WORKER_FILE, createDocumentEstimator } from '../../src-main/core/documents';
import { lines, makePdf } from './support/make-files';

const root = new URL('../../', import.meta.url).pathname;
// Inside the project so the bundle's external imports (pdfjs-dist, mammoth …) resolve from node_modules.
mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
const outDir = mkdtempSync(join(root, 'node_modules/.cache/document-worker-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('the worker entry as a bundler emits it', () => {
  it(
    'runs as plain JavaScript (no tsx) when built as its own entry with dependencies external',
    { timeout: 120_000 },
    async () => {
      await build({
        root,
        logLevel: 'silent',
        configFile: false,
        build: {
          ssr: join(root, 'src-main/core/documents/worker-entry.ts'),
          outDir,
          emptyOutDir: false,
          minify: false,
          rollupOptions: { output: { format: 'es', entryFileNames: BUNDLED_WORKER_FILE } },
        },
      });
      const estimator = createDocumentEstimator({
        maxWorkers: 1,
        workerUrl: join(outDir, BUNDLED_WORKER_FILE),
      });
      try {
        const batch = await estimator.estimate([
          { bytes: await makePdf([lines(10, 3)]), name: 'bundled.pdf' },
          { bytes: new TextEncoder().encode('plain text'), name: 'b.txt' },
        ]);
        expect(batch.files.map((f) => f.status)).toEqual(['ok', 'ok']);
        expect(batch.files[1]!.chars).toBe(10);
      } finally {
        await estimator.close();
      }
    },
  );
});
