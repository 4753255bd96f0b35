/**
 * Real documents generated during the test run, with the text they contain, so tests can check
 * extracted characters against `countChars(cleanText(text))`.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { deflateRawSync, crc32 } from 'node:zlib';

const WORDS = [
  'credit',
  'ledger',
  'bundle',
  'helpdesk',
  'ticket',
  'article',
  'training',
  'balance',
  'café',
  'naïve',
  'résumé',
  'invoice',
  'refund',
  'agent',
  'reply',
  'label',
  'priority',
  'workspace',
];

/** Deterministic prose: `count` lines of about `width` characters. */
export function lines(count: number, seed = 1, width = 70): string[] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state;
  };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let line = `${i + 1}.`;
    while (line.length < width) line += ` ${WORDS[next() % WORDS.length]}`;
    out.push(line);
  }
  return out;
}

/** A PDF with one page per entry, each drawn line by line in Helvetica (WinAnsi text only). */
export async function makePdf(
  pages: string[][],
  options: { objectStreams?: boolean } = {},
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const pageLines of pages) {
    const page = doc.addPage([612, 792]);
    pageLines.forEach((line, i) => page.drawText(line, { x: 40, y: 750 - i * 15, size: 10, font }));
  }
  // Without object streams every page is a plain object in file order, like most PDF writers do.
  return doc.save({ useObjectStreams: options.objectStreams ?? true });
}

/** The text a PDF made by {@link makePdf} holds, as one string. */
export const pdfText = (pages: string[][]): string => pages.map((p) => p.join('\n')).join('\n');

export async function makeDocx(paragraphs: string[]): Promise<Uint8Array> {
  const doc = new Document({
    sections: [{ children: paragraphs.map((p) => new Paragraph({ children: [new TextRun(p)] })) }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

export interface ZipEntry {
  name: string;
  data: Uint8Array;
  /** Lie in the headers about the inflated size (the classic zip-bomb trick). */
  declaredSize?: number;
}

/** A minimal deflate ZIP writer, enough to build hostile DOCX files byte by byte. */
export function makeZip(entries: ZipEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data);
    const crc = crc32(entry.data);
    const size = entry.declaredSize ?? entry.data.byteLength;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

/** The smallest DOCX mammoth accepts, around a body of raw WordprocessingML paragraphs. */
export function makeRawDocx(paragraphs: number, text: string): Uint8Array {
  const w = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const paragraph = `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`;
  const utf8 = (s: string) => new TextEncoder().encode(s);
  return makeZip([
    {
      name: '[Content_Types].xml',
      data: utf8(
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: utf8(
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
      ),
    },
    {
      name: 'word/document.xml',
      data: utf8(
        `<?xml version="1.0"?><w:document xmlns:w="${w}"><w:body>${paragraph.repeat(paragraphs)}</w:body></w:document>`,
      ),
    },
  ]);
}
