import type { Readable } from 'node:stream';

export type Platform = 'zendesk' | 'helpscout' | 'intercom';

/** What one export file holds. */
export type ExportFormat =
  | 'zendesk-tickets'
  | 'zendesk-articles'
  | 'helpscout-conversations'
  | 'intercom-conversations'
  | 'intercom-articles';

/** How the records are laid out in the file. */
export type ExportContainer = 'ndjson' | 'json' | 'csv';

export type ExportInput =
  | { path: string; name?: string }
  | { bytes: Uint8Array; name: string }
  | { stream: Readable; name: string; size?: number };

export interface RecordProblem {
  /** 1-based line in the (decompressed) file; for JSON documents the line the parser had reached. */
  line: number | null;
  message: string;
}

export interface SkippedCounts {
  spam: number;
  deleted: number;
  draft: number;
}

export interface ExportCount {
  name: string;
  platform: Platform;
  format: ExportFormat;
  container: ExportContainer;
  conversations: number;
  articles: number;
  /** Cleaned characters of the counted records' text (subjects, bodies, threads). */
  characters: number;
  skipped: SkippedCounts;
  /** The first problems (at most 100); `problemCount` has them all. */
  problems: RecordProblem[];
  problemCount: number;
  /** False when the file ended in a way that stopped counting early (broken JSON document). */
  complete: boolean;
  bytesRead: number;
}

export interface CountProgress {
  name: string;
  bytesRead: number;
  /** Known for paths and bytes; null for streams of unknown length. */
  bytesTotal: number | null;
  records: number;
}

export interface CountOptions {
  /** The platform the user picked; a file of another platform is refused with a clear error. */
  platform?: Platform;
  /** Skips detection, for files whose content does not say what they are. */
  format?: ExportFormat;
  signal?: AbortSignal;
  onProgress?: (progress: CountProgress) => void;
}

export const PLATFORM_OF: Record<ExportFormat, Platform> = {
  'zendesk-tickets': 'zendesk',
  'zendesk-articles': 'zendesk',
  'helpscout-conversations': 'helpscout',
  'intercom-conversations': 'intercom',
  'intercom-articles': 'intercom',
};

export const PLATFORM_NAMES: Record<Platform, string> = {
  zendesk: 'Zendesk',
  helpscout: 'Help Scout',
  intercom: 'Intercom',
};

/** The file cannot be counted at all: unknown layout, wrong platform, unreadable. */
export class ExportFormatError extends Error {
  override readonly name = 'ExportFormatError';
  constructor(
    message: string,
    readonly hint: string,
    /** The platform whose export this file looks like, when another one was chosen. */
    readonly looksLike: Platform | null = null,
  ) {
    super(message);
  }
}
