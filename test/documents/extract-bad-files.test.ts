import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pdfWarnings } from '../../src-main/core/documents/pdf-report';
import { ProblemError } from '../../src-main/core/documents/problems';
import { cleanText, countChars } from '../../src-shared/pricing/text';
import { extractInline, finalChars, problemOf } from './support/extract-inline';
import { lines, makeDocx, makePdf, makeZip } from './support/make-files';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/documents/${name}`, import.meta.url)));
const utf8 = (s: string) => new TextEncoder().encode(s);
const MB = 1024 * 1024;

describe('bad files become clear problems, never exceptions', () => {
  it('a PDF cut short says it ends early', async () => {
    const pdf = await makePdf([lines(30, 1), lines(30, 2), lines(30, 3)]);
    const p = problemOf(await extractInline(pdf.slice(0, Math.floor(pdf.length * 0.7)), 'cut.pdf'));
    expect(p.code).toBe('corrupt');
    expect(p.message).toMatch(/ends early/);
    expect(p.hint).toMatch(/download|copied/i);
  });

  it('a corrupt PDF with a valid header and garbage inside', async () => {
    const p = problemOf(await extractInline(utf8('%PDF-1.7\nthis is not really a pdf\n%%EOF\n'), 'junk.pdf'));
    expect(p.code).toBe('corrupt');
    expect(p.message).toMatch(/damaged/);
  });

  it('a file named .pdf that is not a PDF at all', async () => {
    const p = problemOf(await extractInline(utf8('<html>hello</html>'), 'page.pdf'));
    expect(p).toMatchObject({ code: 'corrupt' });
    expect(p.message).toMatch(/not a PDF/);
  });

  it('a password-protected PDF (made with qpdf) is refused with how to unlock it', async () => {
    const p = problemOf(await extractInline(fixture('password-protected.pdf'), 'locked.pdf'));
    expect(p.code).toBe('encrypted');
    expect(p.hint).toMatch(/password/);
  });

  it('a PDF with only owner restrictions is read, and flagged encrypted', async () => {
    const outcome = await extractInline(fixture('owner-restricted.pdf'), 'restricted.pdf');
    const chars = finalChars(outcome);
    expect(chars).toBe(countChars(cleanText([...lines(5, 7), ...lines(5, 8)].join('\n'))));
    if (!outcome.ok || !outcome.pdf) throw new Error('expected a PDF outcome');
    expect(pdfWarnings(outcome.pdf, chars).map((w) => w.code)).toEqual(['encrypted']);
  });

  it('warnings for damaged pages, scanned pages, and a PDF nobody can read', () => {
    const stats = {
      pages: 10,
      pagesRead: 10,
      emptyPages: 0,
      failedPages: 3,
      restricted: false,
      chars: 0,
      segments: 0,
    };
    expect(pdfWarnings(stats, 500).map((w) => w.code)).toEqual(['truncated']);
    expect(pdfWarnings({ ...stats, failedPages: 0 }, 0).map((w) => w.code)).toEqual(['no-text']);
    expect(pdfWarnings({ ...stats, failedPages: 0, emptyPages: 6 }, 900)[0]!.message).toMatch(
      /6 of 10 pages/,
    );
    expect(() => pdfWarnings({ ...stats, failedPages: 10 }, 0)).toThrow(ProblemError);
  });

  it('a DOCX zip bomb is refused from its central directory, before inflating', async () => {
    const zeros = new Uint8Array(40 * MB);
    const bomb = makeZip([
      { name: '[Content_Types].xml', data: utf8('<Types/>') },
      { name: 'word/document.xml', data: zeros },
    ]);
    expect(bomb.byteLength).toBeLessThan(100 * 1024);
    const p = problemOf(await extractInline(bomb, 'bomb.docx', { maxUnzippedBytes: 16 * MB }));
    expect(p.code).toBe('zip-bomb');
    expect(p.message).toMatch(/declared/);
  });

  it('a DOCX whose headers lie about the inflated size is stopped while inflating', async () => {
    const liar = makeZip([
      { name: '[Content_Types].xml', data: utf8('<Types/>') },
      { name: 'word/document.xml', data: new Uint8Array(40 * MB), declaredSize: 1000 },
    ]);
    const p = problemOf(await extractInline(liar, 'liar.docx', { maxUnzippedBytes: 16 * MB }));
    expect(p.code).toBe('zip-bomb');
    expect(p.message).toMatch(/declared size/);
  });

  it('a DOCX with a flood of entries is refused', async () => {
    const entries = Array.from({ length: 300 }, (_, i) => ({ name: `x/${i}.xml`, data: utf8('<a/>') }));
    const p = problemOf(await extractInline(makeZip(entries), 'many.docx', { maxZipEntries: 200 }));
    expect(p.code).toBe('zip-bomb');
  });

  it('a damaged DOCX (cut ZIP) and a non-ZIP named .docx', async () => {
    const docx = await makeDocx(lines(50, 2));
    expect(problemOf(await extractInline(docx.slice(0, docx.length - 200), 'cut.docx')).code).toBe('corrupt');
    expect(problemOf(await extractInline(utf8('hello'), 'fake.docx')).message).toMatch(/not a DOCX/);
  });

  it('a password-protected Word 97 .doc (made with LibreOffice) is refused as encrypted', async () => {
    const p = problemOf(await extractInline(fixture('password-protected.doc'), 'locked.doc'));
    expect(p.code).toBe('encrypted');
    expect(p.hint).toMatch(/password/);
    // The same document without a password is read (the check looks at the flag, not the name).
    expect(finalChars(await extractInline(fixture('word97.doc'), 'open.doc'))).toBe(435);
  });

  it('an RTF or text file named .doc is named for what it is', async () => {
    const p = problemOf(await extractInline(utf8('{\\rtf1\\ansi hello}'), 'memo.doc'));
    expect(p.code).toBe('unsupported');
    expect(p.message).toMatch(/RTF/);
  });

  it('a binary file named .txt', async () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    const p = problemOf(await extractInline(bytes, 'notes.txt'));
    expect(p.code).toBe('binary');
    expect(problemOf(await extractInline(fixture('word97.doc'), 'notes.txt')).message).toMatch(
      /old Office document/,
    );
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expect(problemOf(await extractInline(png, 'photo.txt')).message).toMatch(/PNG image/);
  });

  it('HTML full of scripts: scripts dropped, visible text counted, warning says so', async () => {
    const script = `<script>${'window.track({"a":1,"b":"<div>x</div>"});'.repeat(2000)}</script>`;
    const html = `<html><body>${script}<p>Only this sentence is visible.</p>${script}<style>${'.a{b:c}'.repeat(500)}</style></body></html>`;
    const outcome = await extractInline(utf8(html), 'tracker.html');
    expect(finalChars(outcome)).toBe('Only this sentence is visible.'.length);
    expect(outcome.ok && outcome.warnings.map((w) => w.code)).toEqual(['scripts-removed']);
  });

  it('an unknown extension, and a file over the size limit', async () => {
    const unknown = problemOf(await extractInline(utf8('a,b\n1,2'), 'sheet.xlsx'));
    expect(unknown.code).toBe('unsupported');
    expect(unknown.hint).toMatch(/PDF, DOCX, DOC, HTML, TXT/);
    const big = problemOf(await extractInline(new Uint8Array(2 * MB), 'big.txt', { maxFileBytes: MB }));
    expect(big.code).toBe('too-large');
    expect(big.message).toMatch(/2 MB.*1 MB/);
  });
});
