import { kindFromName, unsupportedMessage } from './kinds';
import { countPdf, sharedPageClaim, type PdfPart } from './pdf-file';
import { problem, toProblem } from './problems';
import { readInput } from './read-input';
import { countHtmlFile } from './html-file';
import { countTextFile } from './text-file';
import type { DocumentKind, DocumentProblem, DocumentWarning, ExtractionLimits, FileStage } from './types';
import { countDoc, countDocx } from './word-files';

export interface ExtractRequest {
  input: { path: string } | { bytes: Uint8Array };
  name: string;
  limits: ExtractionLimits;
  /**
   * A primary reads the whole file and hashes it; a helper only joins a PDF another thread has
   * opened and reads the pages it claims from the shared cursor.
   */
  role: 'primary' | 'helper';
  /** Int32Array(1) over a SharedArrayBuffer: the next PDF page (0-based) anyone may claim. */
  pageCursor: SharedArrayBuffer;
}

export interface ExtractReport {
  stage: FileStage;
  bytesDone: number;
  bytesTotal: number;
  /** Pages this thread has read so far (PDF only). */
  pagesRead?: number;
  pagesTotal?: number;
}

export interface PdfStats extends PdfPart {
  pages: number;
  restricted: boolean;
}

export type ExtractOutcome =
  | {
      ok: true;
      kind: DocumentKind;
      bytes: number;
      sha256: string | null;
      /** Characters of the parts read; `segments` non-empty parts are joined by one space each. */
      chars: number;
      segments: number;
      pdf: PdfStats | null;
      warnings: DocumentWarning[];
    }
  | {
      ok: false;
      kind: DocumentKind | null;
      bytes: number | null;
      sha256: string | null;
      problem: DocumentProblem;
    };

const WORDS: Record<DocumentKind, string> = {
  pdf: 'PDF',
  docx: 'DOCX',
  doc: '.doc file',
  html: 'HTML file',
  text: 'text file',
};

/** One file through the whole pipeline. Never throws: every failure becomes an outcome with a problem. */
export async function extractDocument(
  request: ExtractRequest,
  report: (r: ExtractReport) => void,
): Promise<ExtractOutcome> {
  const kind = kindFromName(request.name);
  let bytes: number | null = 'bytes' in request.input ? request.input.bytes.byteLength : null;
  let sha256: string | null = null;
  try {
    if (!kind) {
      const { message, hint } = unsupportedMessage(request.name);
      throw problem('unsupported', message, hint);
    }
    const read = await readInput(
      request.input,
      request.limits.maxFileBytes,
      request.role === 'primary',
      (done, total) => report({ stage: 'reading', bytesDone: done, bytesTotal: total }),
    );
    const data = read.bytes;
    bytes = data.byteLength;
    sha256 = read.sha256;
    const total = data.byteLength;
    report({ stage: 'extracting', bytesDone: total, bytesTotal: total });
    const onBytes = () => undefined;
    switch (kind) {
      case 'pdf': {
        let pages = 0;
        let restricted = false;
        const part = await countPdf(
          data,
          sharedPageClaim(new Int32Array(request.pageCursor)),
          (opened) => {
            pages = opened.pages;
            restricted = opened.restricted;
            report({
              stage: 'extracting',
              bytesDone: total,
              bytesTotal: total,
              pagesRead: 0,
              pagesTotal: pages,
            });
          },
          (pagesRead) =>
            report({
              stage: 'extracting',
              bytesDone: total,
              bytesTotal: total,
              pagesRead,
              pagesTotal: pages,
            }),
        );
        return {
          ok: true,
          kind,
          bytes,
          sha256,
          chars: part.chars,
          segments: part.segments,
          pdf: { ...part, pages, restricted },
          warnings: [],
        };
      }
      case 'docx':
      case 'doc': {
        const chars =
          kind === 'docx' ? await countDocx(data, request.limits) : await countDoc(data, request.limits);
        return whole(kind, bytes, sha256, chars, []);
      }
      case 'html': {
        const counted = countHtmlFile(data, onBytes);
        return whole(kind, bytes, sha256, counted.chars, counted.warnings);
      }
      case 'text': {
        const counted = countTextFile(data, onBytes);
        return whole(kind, bytes, sha256, counted.chars, counted.warnings);
      }
    }
  } catch (error) {
    return { ok: false, kind, bytes, sha256, problem: toProblem(error, kind ? WORDS[kind] : 'file') };
  }
}

function whole(
  kind: DocumentKind,
  bytes: number,
  sha256: string | null,
  chars: number,
  warnings: DocumentWarning[],
): ExtractOutcome {
  return { ok: true, kind, bytes, sha256, chars, segments: chars > 0 ? 1 : 0, pdf: null, warnings };
}
