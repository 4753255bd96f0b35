import { assertText, declaredHtmlCharset, decodeSlices, sniffEncoding } from './decode-text';
import { HtmlTextCounter } from './html-text';
import { legacyEncodingWarning, type TextCount } from './text-file';
import type { DocumentWarning } from './types';

/** A saved web page: visible text only; scripts, styles and markup are not counted. */
export function countHtmlFile(bytes: Uint8Array, onBytes: (done: number) => void): TextCount {
  let sniffed = sniffEncoding(bytes);
  if (!sniffed.certain) {
    const declared = declaredHtmlCharset(bytes);
    if (declared) sniffed = { encoding: declared, skip: 0, certain: true };
  }
  assertText(bytes, sniffed, 'HTML file');
  let counter = new HtmlTextCounter();
  const result = decodeSlices(
    bytes,
    sniffed,
    (text) => counter.write(text),
    () => (counter = new HtmlTextCounter()),
    onBytes,
  );
  const count = counter.end();
  const warnings: DocumentWarning[] = [];
  if (result.fellBack) warnings.push(legacyEncodingWarning());
  if (count.codeElements > 0 && count.codeChars > count.chars) {
    warnings.push({
      code: 'scripts-removed',
      message: `The page is mostly code: ${count.codeElements} script/style blocks (${count.codeChars.toLocaleString('en-US')} characters) were removed and only the ${count.chars.toLocaleString('en-US')} characters of visible text are counted.`,
    });
  }
  return { chars: count.chars, warnings };
}
