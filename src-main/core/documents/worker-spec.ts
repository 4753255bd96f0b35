import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** How to start a document worker thread. */
export interface WorkerSpec {
  script: string | URL;
  eval: boolean;
  workerData?: unknown;
}

/** The file name bundlers should give the emitted worker entry, next to the main bundle. */
export const BUNDLED_WORKER_FILE = 'document-worker.js';

/**
 * From TypeScript sources (vitest, tsx, the bench) the worker is a tiny bootstrap that registers
 * tsx's loader inside the new thread and then imports worker-entry.ts: Node 20 does not carry a
 * parent's `--import` loader into workers. From a bundle, the worker is the emitted JS entry.
 */
export function workerSpecFor(workerUrl?: string | URL): WorkerSpec {
  if (workerUrl)
    return { script: workerUrl instanceof URL ? workerUrl : pathToFileURL(workerUrl), eval: false };
  const here = import.meta.url;
  if (/\.[cm]?ts$/.test(here)) {
    const entry = new URL('./worker-entry.ts', here).href;
    const require = createRequire(fileURLToPath(here));
    const tsxApi = resolveTsxEsmApi(require);
    // pdf.js is plain JavaScript that tsx would re-transform on every start (~5 s); loading it
    // before the hooks exist is ~10× faster, and pdf-file.ts then gets the cached modules. The
    // native Array.prototype.push is restored for the reason given in pdf-file.ts.
    const preload = PDFJS_MODULES.map((m) => pathToFileURL(require.resolve(m)).href);
    const bootstrap = [
      "const { workerData } = require('node:worker_threads');",
      'const nativePush = Array.prototype.push;',
      'Promise.all(workerData.preload.map((url) => import(url)))',
      '  .then(() => {',
      "    Object.defineProperty(Array.prototype, 'push', { value: nativePush, writable: true, configurable: true });",
      '    return import(workerData.tsxApi);',
      '  })',
      '  .then((tsx) => { tsx.register(); return import(workerData.entry); })',
      '  .catch((error) => { setImmediate(() => { throw error; }); });',
    ].join('\n');
    return { script: bootstrap, eval: true, workerData: { tsxApi, entry, preload } };
  }
  return { script: new URL(`./${BUNDLED_WORKER_FILE}`, here), eval: false };
}

const PDFJS_MODULES = ['pdfjs-dist/legacy/build/pdf.worker.mjs', 'pdfjs-dist/legacy/build/pdf.mjs'];

function resolveTsxEsmApi(require: NodeJS.Require): string {
  // tsx maps "tsx/esm/api" to .cjs for require(); the ESM build sits beside it and is the one that
  // can register hooks from inside a worker.
  const cjs = require.resolve('tsx/esm/api');
  const esm = cjs.replace(/\.cjs$/, '.mjs');
  if (!existsSync(esm)) throw new Error(`tsx's ESM API was not found next to ${cjs}; is tsx installed?`);
  return pathToFileURL(esm).href;
}
