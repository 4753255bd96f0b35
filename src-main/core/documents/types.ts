/** One file to estimate: a path on this machine (Electron) or bytes with a name (browser upload). */
export type DocumentInput = { path: string; name?: string } | { bytes: Uint8Array; name: string };

export type DocumentKind = 'pdf' | 'docx' | 'doc' | 'html' | 'text';

export type WarningCode =
  /** Little or no text: most likely a scanned document (images of pages). */
  | 'no-text'
  /** Encrypted with usage restrictions but readable without a password. */
  | 'encrypted'
  /** Damaged or cut short: the count covers only what could be read. */
  | 'truncated'
  /** The HTML carried more script/style code than visible text; the code was not counted. */
  | 'scripts-removed'
  /** Not valid UTF-8: decoded as Windows-1252 (Latin-1), which may misread some characters. */
  | 'legacy-encoding';

export interface DocumentWarning {
  code: WarningCode;
  message: string;
}

export type ProblemCode =
  | 'too-large'
  /** 0 bytes: nothing to read (its own row; the rest of the batch is still estimated). */
  | 'empty'
  | 'unsupported'
  | 'unreadable'
  | 'corrupt'
  | 'encrypted'
  | 'zip-bomb'
  | 'binary'
  | 'crashed'
  | 'timeout';

/** Why a file could not be estimated: what is wrong and what the user can do about it. */
export interface DocumentProblem {
  code: ProblemCode;
  message: string;
  hint: string;
}

export interface FileEstimate {
  /** Position in the input list, so rows can be matched to the files given. */
  index: number;
  name: string;
  kind: DocumentKind | null;
  /** Size of the file in bytes; null when it could not even be looked at. */
  bytes: number | null;
  status: 'ok' | 'error';
  /** sha256 of the file's bytes, hex: the key that makes "record as training" idempotent. */
  sha256: string | null;
  /** Characters of cleaned text (shared `cleanText` / `countChars` rules). */
  chars: number;
  /** Pages of the 5,000-character page rule (not PDF pages). */
  pages: number;
  millicredits: number;
  /** Pages in the PDF itself, for progress and for the "scanned" hint; null for other kinds. */
  pdfPages: number | null;
  warnings: DocumentWarning[];
  problem: DocumentProblem | null;
  /** Index of an earlier row with the same content; such a row is not counted in the totals. */
  duplicateOf: number | null;
  durationMs: number;
}

export interface BatchTotals {
  files: number;
  ok: number;
  errors: number;
  duplicates: number;
  bytes: number;
  chars: number;
  pages: number;
  millicredits: number;
}

export interface BatchEstimate {
  files: FileEstimate[];
  totals: BatchTotals;
  /** The rate card every row was priced with. */
  rateCardVersion: string;
}

export type FileStage = 'queued' | 'reading' | 'extracting' | 'done';

export type EstimateProgress =
  | {
      type: 'file';
      index: number;
      name: string;
      stage: FileStage;
      bytesDone: number;
      bytesTotal: number | null;
      pagesDone: number | null;
      pagesTotal: number | null;
    }
  | { type: 'file-result'; row: FileEstimate }
  | {
      type: 'batch';
      filesDone: number;
      filesTotal: number;
      bytesDone: number;
      bytesTotal: number;
    };

export interface EstimateOptions {
  signal?: AbortSignal;
  onProgress?: (event: EstimateProgress) => void;
}

/** Limits that keep one bad file from taking the app down with it. */
export interface ExtractionLimits {
  /** Larger files get a `too-large` row without being read. */
  maxFileBytes: number;
  /** Declared and actual uncompressed size of all parts of a DOCX together. */
  maxUnzippedBytes: number;
  /** Entries in a DOCX; a real document has dozens, a crafted one millions. */
  maxZipEntries: number;
}

export const DEFAULT_LIMITS: ExtractionLimits = {
  maxFileBytes: 200 * 1024 * 1024,
  maxUnzippedBytes: 256 * 1024 * 1024,
  maxZipEntries: 10_000,
};
