import { readFileSync } from 'node:fs';
import { ApiError } from '../../../src-shared/api/errors';
import { MAX_PASTED_URLS, MAX_URL_LIST_BYTES } from '../../../src-shared/api/files';
import type { ResolvedFile } from '../files/uploads';

/**
 * The text of a pasted address list that arrived as an upload, within the limits the form states
 * (so a list is refused with a clear message, never by a dropped connection).
 */
export function readUrlList(file: ResolvedFile): string {
  const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
  if (file.size > MAX_URL_LIST_BYTES)
    throw new ApiError(
      'bad_request',
      `The address list is ${mb(file.size)}, over ${mb(MAX_URL_LIST_BYTES)}; put longer lists in a sitemap file.`,
    );
  const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(readFileSync(file.path));
  let lines = 0;
  for (const line of text.split('\n')) if (line.trim()) lines++;
  if (lines > MAX_PASTED_URLS)
    throw new ApiError(
      'bad_request',
      `The address list has ${lines.toLocaleString('en-US')} lines, over ${MAX_PASTED_URLS.toLocaleString('en-US')}; put longer lists in a sitemap file.`,
    );
  return text;
}
