import { z } from 'zod';
import { fileRefSchema } from './files';
import type { BundlePlanView } from './bundles';
import { empty, jobId, method } from './method';

/** What training documents, a website and a help-desk migration would cost; saved estimates. */

export interface DocumentRow {
  name: string;
  bytes: number;
  contentHash: string | null;
  chars: number;
  pages: number;
  millicredits: number;
  warnings: string[];
  error: string | null;
  /** Set once recorded as training: the ledger entry id. */
  recordedAs: string | null;
}

export interface DocumentEstimateView {
  estimateId: string;
  files: DocumentRow[];
  totals: { files: number; errors: number; chars: number; pages: number; millicredits: number };
}

export interface RecordTrainingResult {
  recorded: number;
  alreadyRecorded: number;
  millicredits: number;
  entryIds: string[];
}

export interface RangeEstimate {
  min: number;
  expected: number;
  max: number;
}

export interface WebsiteEstimateView {
  sites: { origin: string; pages: number }[];
  pages: number;
  crawlMillicredits: number;
  pageMillicredits: RangeEstimate;
  totalMillicredits: RangeEstimate;
  avgChars: RangeEstimate;
  notes: string[];
}

export interface MigrationEstimateView {
  platform: 'zendesk' | 'helpscout' | 'intercom';
  conversations: number;
  articles: number;
  skipped: number;
  chars: number;
  documentPages: number;
  breakdown: { conversations: number; articles: number; documents: number };
  millicredits: number;
  balance: number;
  shortfall: number;
  plan: BundlePlanView | null;
  warnings: string[];
  /** `switchTo`: the platform the file looks like when another one was chosen. */
  errors: {
    file: string;
    line: number | null;
    message: string;
    switchTo?: MigrationEstimateView['platform'];
  }[];
}

export interface SavedEstimateView {
  id: string;
  kind: 'documents' | 'website' | 'migration';
  title: string;
  createdAt: number;
  updatedAt: number;
  millicredits: number;
  input: Record<string, unknown>;
  result: Record<string, unknown>;
}

const migrationCounts = z.strictObject({
  conversations: z.number().int().min(0).max(1_000_000_000),
  articles: z.number().int().min(0).max(1_000_000_000),
  documentPages: z.number().int().min(0).max(1_000_000_000),
});

export const estimateMethods = {
  estimateDocuments: method<DocumentEstimateView>()(
    z.strictObject({ jobId, files: z.array(fileRefSchema).min(1).max(500) }),
  ),
  recordTraining: method<RecordTrainingResult>()(z.strictObject({ estimateId: z.string().uuid() })),
  estimateWebsite: method<WebsiteEstimateView>()(
    z
      .strictObject({
        jobId,
        sitemap: fileRefSchema.optional(),
        urls: z.array(z.string().max(2048)).max(100_000).optional(),
        /** A pasted list as an uploaded text file, one address per line (how the console sends it). */
        urlList: fileRefSchema.optional(),
        avgChars: z.number().int().min(1).max(10_000_000).optional(),
        samples: z.array(fileRefSchema).max(50).optional(),
      })
      .refine(
        (i) => i.sitemap || i.urlList || (i.urls && i.urls.length > 0),
        'give a sitemap file or a list of URLs',
      ),
  ),
  estimateMigration: method<MigrationEstimateView>()(
    z
      .strictObject({
        jobId,
        platform: z.enum(['zendesk', 'helpscout', 'intercom']),
        files: z.array(fileRefSchema).max(20).default([]),
        counts: migrationCounts.optional(),
      })
      .refine((i) => i.files.length > 0 || i.counts, 'give export files or typed counts'),
  ),
  saveEstimate: method<SavedEstimateView>()(
    z.strictObject({
      id: z.string().uuid().optional(),
      kind: z.enum(['documents', 'website', 'migration']),
      title: z.string().trim().min(1).max(200),
      millicredits: z.number().int().min(0),
      input: z.record(z.string(), z.unknown()),
      result: z.record(z.string(), z.unknown()),
    }),
  ),
  listEstimates: method<SavedEstimateView[]>()(empty),
  deleteEstimate: method<{ deleted: boolean }>()(z.strictObject({ id: z.string().uuid() })),
} as const;
export type EstimateMethods = typeof estimateMethods;
