import type { PdfStats } from './extract';
import { problem } from './problems';
import type { DocumentWarning } from './types';

/**
 * Warnings for a PDF once all threads' parts are merged (emptiness and damage are only known
 * for the whole file). Throws a problem when no page at all could be read.
 */
export function pdfWarnings(stats: PdfStats, chars: number): DocumentWarning[] {
  const warnings: DocumentWarning[] = [];
  const { pages, failedPages, emptyPages, restricted } = stats;
  if (pages > 0 && failedPages >= pages) {
    throw problem(
      'corrupt',
      `None of this PDF's ${pages} pages could be read; the file is damaged.`,
      'Download or export it again, then drop the new copy.',
    );
  }
  if (restricted) {
    warnings.push({
      code: 'encrypted',
      message: 'The PDF is encrypted with usage restrictions; its text could still be read and is counted.',
    });
  }
  if (failedPages > 0) {
    warnings.push({
      code: 'truncated',
      message: `${failedPages} of ${pages} pages could not be read (the file looks damaged or cut short); the estimate covers the other pages.`,
    });
  }
  const readable = pages - failedPages;
  if (chars === 0) {
    warnings.push({
      code: 'no-text',
      message:
        pages === 0
          ? 'The PDF has no pages.'
          : `No text could be extracted from its ${readable} pages: it is probably scanned images. Run text recognition (OCR) on it and drop the result.`,
    });
  } else if (readable >= 2 && emptyPages * 2 >= readable) {
    warnings.push({
      code: 'no-text',
      message: `${emptyPages} of ${readable} pages have no extractable text (likely scanned); those pages are not counted. OCR them to include their text.`,
    });
  }
  return warnings;
}
