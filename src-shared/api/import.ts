import { z } from 'zod';
import { fileRefSchema } from './files';
import { jobId, method } from './method';

/** Usage imported from a CSV or NDJSON file, with the column mapping for foreign headers. */

/** Which input column holds which field, for CSV usage imports whose headers differ from ours. */
const mappedColumn = z.string().min(1).max(100).optional();
/** Which file column each import field is read from (see src-shared/import/format.ts). */
export const importMappingSchema = z.strictObject({
  eventId: mappedColumn,
  occurredAt: mappedColumn,
  kind: mappedColumn,
  conversationMessages: mappedColumn,
  autoDraftAll: mappedColumn,
  labelCount: mappedColumn,
  model: mappedColumn,
  contextTokens: mappedColumn,
  count: mappedColumn,
  chars: mappedColumn,
  origin: mappedColumn,
});
export type ImportMapping = z.infer<typeof importMappingSchema>;

export interface ImportResult {
  jobId: string;
  rows: number;
  imported: number;
  duplicates: number;
  conflicts: number;
  errors: { line: number; message: string }[];
  /** Errors beyond the listed ones are counted, not listed. */
  errorCount: number;
  /** The file's columns no field was read from (mapped or named as the format says). */
  ignoredColumns: string[];
}

export const importMethods = {
  importUsage: method<ImportResult>()(
    z.strictObject({
      jobId,
      file: fileRefSchema,
      format: z.enum(['csv', 'ndjson', 'auto']).default('auto'),
      mapping: importMappingSchema.default({}),
    }),
  ),
} as const;
export type ImportMethods = typeof importMethods;
