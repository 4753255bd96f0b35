import { z } from 'zod';

/**
 * A file handed to main. In Electron the renderer passes the path of a dropped or picked file; in a
 * browser it streams the bytes as an upload first and passes the upload id. Both reach the same
 * pipeline in main. The web host refuses `path` references (a page must not name host files).
 */
export const fileRefSchema = z.union([
  z.strictObject({ path: z.string().min(1).max(4096), name: z.string().min(1).max(512).optional() }),
  z.strictObject({ uploadId: z.string().uuid() }),
]);
export type FileRef = z.infer<typeof fileRefSchema>;

/** Upload chunks stay well under IPC and WebSocket message limits. */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;
/** The largest file main accepts for estimation or import. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

/** A pasted address list travels as an upload (a text file, one address per line), never inline. */
export const MAX_PASTED_URLS = 100_000;
export const MAX_URL_LIST_BYTES = 32 * 1024 * 1024;
