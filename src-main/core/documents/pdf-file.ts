import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { CleanCounter } from './clean-counter';
import { problem } from './problems';
import { errorMessage } from '../../../src-shared/error-text';

type PdfJs = typeof PdfJsModule;
let loading: Promise<PdfJs> | null = null;

/**
 * Loads pdf.js once per thread. Its worker half is registered on globalThis so pdf.js runs it in
 * this thread (we are already off the main thread) and no worker file has to be located at run
 * time, which also keeps bundling simple.
 */
function loadPdfJs(): Promise<PdfJs> {
  loading ??= (async () => {
    const nativePush = Array.prototype.push;
    const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // The legacy build's core-js swaps Array.prototype.push for a slow spec-edge-case polyfill on
    // V8 < 12.2 (Node 20); text extraction pushes per glyph, so the native one is put back (~30% faster).
    if (Array.prototype.push !== nativePush) {
      Object.defineProperty(Array.prototype, 'push', {
        value: nativePush,
        writable: true,
        configurable: true,
      });
    }
    return lib;
  })();
  return loading;
}

export interface PdfPart {
  /** Characters of the pages this part read, each page cleaned on its own. */
  chars: number;
  /** Pages with text; n such pages are joined by n − 1 spaces. */
  segments: number;
  pagesRead: number;
  emptyPages: number;
  failedPages: number;
}

export interface PdfOpened {
  pages: number;
  /** Non-null when the file is encrypted with permission flags (readable, but restricted). */
  restricted: boolean;
}

/** Hands out the next run of pages to read, or null when all are taken (shared across threads). */
export type PageClaim = (pages: number) => [from: number, to: number] | null;

export const PAGE_CHUNK = 8;

export function sharedPageClaim(cursor: Int32Array): PageClaim {
  return (pages) => {
    const from = Atomics.add(cursor, 0, PAGE_CHUNK);
    return from >= pages ? null : [from, Math.min(from + PAGE_CHUNK, pages)];
  };
}

export async function countPdf(
  bytes: Uint8Array,
  claim: PageClaim,
  onOpen: (opened: PdfOpened) => void,
  onPages: (pagesRead: number) => void,
): Promise<PdfPart> {
  if (!hasPdfHeader(bytes)) {
    throw problem(
      'corrupt',
      'This file is named .pdf but is not a PDF (no "%PDF-" header).',
      'Check that the download finished, or export the document to PDF again.',
    );
  }
  const hasEndMarker = new TextDecoder('latin1')
    .decode(bytes.subarray(Math.max(0, bytes.length - 1024)))
    .includes('%%EOF');
  const pdfjs = await loadPdfJs();
  let doc = await openDocument(pdfjs, bytes, hasEndMarker);
  try {
    const pages = doc.numPages;
    const restricted = (await doc.getPermissions().catch(() => null)) !== null;
    onOpen({ pages, restricted });
    const part: PdfPart = { chars: 0, segments: 0, pagesRead: 0, emptyPages: 0, failedPages: 0 };
    let sinceOpen = 0;
    for (let range = claim(pages); range; range = claim(pages)) {
      if (sinceOpen >= REOPEN_AFTER_PAGES) {
        // pdf.js keeps every page it has served (page proxies, parsed objects) until the document
        // is destroyed; starting afresh keeps memory flat on a thousand-page file.
        await doc.destroy();
        doc = await openDocument(pdfjs, bytes, hasEndMarker);
        sinceOpen = 0;
      }
      for (let n = range[0] + 1; n <= range[1]; n++) {
        const chars = await pageChars(doc, n);
        sinceOpen++;
        part.pagesRead++;
        if (chars === null) part.failedPages++;
        else if (chars === 0) part.emptyPages++;
        else {
          part.chars += chars;
          part.segments++;
        }
      }
      onPages(part.pagesRead);
    }
    return part;
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

const REOPEN_AFTER_PAGES = 200;

async function openDocument(pdfjs: PdfJs, bytes: Uint8Array, hasEndMarker: boolean): Promise<PdfDoc> {
  const task = pdfjs.getDocument({
    // pdf.js takes ownership of (detaches) the buffer it is given, so it gets a copy each time.
    data: bytes.slice(),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    isOffscreenCanvasSupported: false,
    enableXfa: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    return await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    throw openFailure(error, hasEndMarker);
  }
}

type PdfDoc = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

/** Cleaned characters of one page, or null when the page itself is damaged. */
async function pageChars(doc: PdfDoc, n: number): Promise<number | null> {
  try {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    const counter = new CleanCounter();
    for (const item of content.items) {
      if (!('str' in item)) continue;
      counter.push(item.str);
      if (item.hasEOL) counter.boundary();
    }
    page.cleanup();
    return counter.chars;
  } catch {
    return null;
  }
}

function hasPdfHeader(bytes: Uint8Array): boolean {
  // The header may follow some junk bytes; readers accept it within the first 1 KB.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return head.includes('%PDF-');
}

function openFailure(error: unknown, hasEndMarker: boolean): Error {
  const name = (error as { name?: string } | null)?.name;
  const message = errorMessage(error);
  if (name === 'PasswordException') {
    return problem(
      'encrypted',
      'This PDF is password-protected, so its text cannot be read.',
      'Open it with the password and save or print an unprotected copy, then drop that.',
    );
  }
  if (!hasEndMarker) {
    return problem(
      'corrupt',
      `This PDF ends early (no end-of-file marker), so it could not be opened (${message.replace(/\.$/, '')}).`,
      'It was probably not fully downloaded or copied. Get the complete file again, then drop it.',
    );
  }
  return problem(
    'corrupt',
    `This PDF is damaged and could not be opened (${message.replace(/\.$/, '')}).`,
    'It may be cut short or corrupted. Download or export it again, then drop the new copy.',
  );
}
