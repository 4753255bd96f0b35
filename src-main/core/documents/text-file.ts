import { CleanCounter } from './clean-counter';
import { assertText, decodeSlices, sniffEncoding } from './decode-text';
import type { DocumentWarning } from './types';

export interface TextCount {
  chars: number;
  warnings: DocumentWarning[];
}

/** Plain text and Markdown: counted as written (Markdown syntax characters included). */
export function countTextFile(bytes: Uint8Array, onBytes: (done: number) => void): TextCount {
  const sniffed = sniffEncoding(bytes);
  assertText(bytes, sniffed, 'text file');
  let counter = new CleanCounter();
  const result = decodeSlices(
    bytes,
    sniffed,
    (text) => counter.push(text),
    () => (counter = new CleanCounter()),
    onBytes,
  );
  return { chars: counter.chars, warnings: result.fellBack ? [legacyEncodingWarning()] : [] };
}

export function legacyEncodingWarning(): DocumentWarning {
  return {
    code: 'legacy-encoding',
    message:
      'The text is not UTF-8, so it was read as Windows-1252 (Latin-1). If accented letters look wrong, save it as UTF-8.',
  };
}
