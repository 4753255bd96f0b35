import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanText, countChars } from '../../src-shared/pricing/text';
import { extractInline, finalChars } from './support/extract-inline';
import { lines, makeDocx, makePdf, pdfText } from './support/make-files';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/documents/${name}`, import.meta.url)));
const expected = (text: string) => countChars(cleanText(text));

describe('text extraction per format, checked against the known text', { timeout: 60_000 }, () => {
  it('PDF generated with pdf-lib: characters of every page, pages joined by a space', async () => {
    const pages = [lines(40, 1), lines(40, 2), lines(12, 3)];
    const outcome = await extractInline(await makePdf(pages), 'guide.pdf');
    expect(finalChars(outcome)).toBe(expected(pdfText(pages)));
    expect(outcome.ok && outcome.pdf).toMatchObject({
      pages: 3,
      pagesRead: 3,
      emptyPages: 0,
      failedPages: 0,
    });
    expect(outcome.ok && outcome.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a PDF longer than one document session (reopened every 200 pages) counts every page once', async () => {
    const pages = Array.from({ length: 230 }, (_, i) => lines(2, i + 100, 30));
    const outcome = await extractInline(await makePdf(pages), 'long.pdf');
    expect(finalChars(outcome)).toBe(expected(pdfText(pages)));
    expect(outcome.ok && outcome.pdf).toMatchObject({ pages: 230, pagesRead: 230 });
  });

  it('PDF with blank pages counts them as empty (the scanned-PDF signal)', async () => {
    const outcome = await extractInline(await makePdf([[], lines(3, 9), []]), 'scan.pdf');
    expect(finalChars(outcome)).toBe(expected(lines(3, 9).join('\n')));
    expect(outcome.ok && outcome.pdf).toMatchObject({ pages: 3, emptyPages: 2 });
  });

  it('DOCX generated with the docx package', async () => {
    const paragraphs = lines(120, 4);
    const outcome = await extractInline(await makeDocx(paragraphs), 'policy.docx');
    expect(finalChars(outcome)).toBe(expected(paragraphs.join('\n')));
  });

  it('DOC (Word 97) fixture made with LibreOffice from its source text', async () => {
    const source = readFileSync(new URL('../fixtures/documents/word97-source.txt', import.meta.url), 'utf8');
    const outcome = await extractInline(fixture('word97.doc'), 'legacy.doc');
    expect(finalChars(outcome)).toBe(expected(source));
    expect(finalChars(outcome)).toBe(435);
  });

  it('a Word 97 file misnamed .docx is still read as a .doc', async () => {
    const outcome = await extractInline(fixture('word97.doc'), 'legacy.docx');
    expect(finalChars(outcome)).toBe(435);
  });

  it('HTML: visible text only, entities decoded, blocks separated', async () => {
    const html = `<!doctype html><html><head><title>Refunds</title><style>p{color:red}</style>
      <script>var x = "<p>not text</p>";</script></head>
      <body><h1>Refund&nbsp;policy</h1><p>Credits are <b>never</b> refunded&hellip;</p><p>Except <a href="#">bundles</a>.</p>
      <!-- a comment --><noscript>Enable JavaScript</noscript></body></html>`;
    const outcome = await extractInline(new TextEncoder().encode(html), 'refunds.html');
    expect(finalChars(outcome)).toBe(
      expected('Refunds Refund\u00a0policy Credits are never refunded… Except bundles.'),
    );
  });

  it('HTML in a declared legacy charset', async () => {
    const head = '<html><head><meta charset="windows-1252"></head><body>caf';
    const bytes = new Uint8Array([
      ...new TextEncoder().encode(head),
      0xe9,
      ...new TextEncoder().encode('</body></html>'),
    ]);
    const outcome = await extractInline(bytes, 'cafe.htm');
    expect(finalChars(outcome)).toBe(4);
    expect(outcome.ok && outcome.warnings).toEqual([]);
  });

  it('TXT in UTF-8, UTF-8 with BOM, UTF-16 LE/BE with BOM and UTF-16 without BOM', async () => {
    const text = 'Crédit  naïve\n\n😀 résumé\tend';
    const want = expected(text);
    const utf16le = Buffer.from(text, 'utf16le');
    const utf16be = Buffer.from(utf16le).swap16();
    const cases: [string, Uint8Array][] = [
      ['utf8', new TextEncoder().encode(text)],
      ['utf8 bom', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])],
      ['utf16le bom', new Uint8Array([0xff, 0xfe, ...utf16le])],
      ['utf16be bom', new Uint8Array([0xfe, 0xff, ...utf16be])],
      [
        'utf16le no bom',
        new Uint8Array(Buffer.from('Plain ASCII words in UTF-16 without a byte order mark', 'utf16le')),
      ],
    ];
    for (const [label, bytes] of cases) {
      const outcome = await extractInline(bytes, 'notes.txt');
      const target =
        label === 'utf16le no bom' ? expected('Plain ASCII words in UTF-16 without a byte order mark') : want;
      expect(finalChars(outcome), label).toBe(target);
      expect(outcome.ok && outcome.warnings, label).toEqual([]);
    }
  });

  it('TXT that is not UTF-8 falls back to Latin-1 with a warning', async () => {
    const bytes = new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x61, 0xef, 0x76, 0x65]);
    const outcome = await extractInline(bytes, 'old.txt');
    expect(finalChars(outcome)).toBe(expected('café naïve'));
    expect(outcome.ok && outcome.warnings.map((w) => w.code)).toEqual(['legacy-encoding']);
  });

  it('Markdown is counted as written', async () => {
    const md = '# Title\n\n* one\n* two\n\n[link](https://example.com)\n';
    expect(finalChars(await extractInline(new TextEncoder().encode(md), 'README.md'))).toBe(expected(md));
  });

  it('a large text file is counted in slices with the same result', async () => {
    const text = lines(20_000, 5).join('\r\n');
    const outcome = await extractInline(new TextEncoder().encode(text), 'big.txt');
    expect(finalChars(outcome)).toBe(expected(text));
  });
});
