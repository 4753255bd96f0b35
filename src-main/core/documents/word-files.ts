import CFB from 'cfb';
import mammoth from 'mammoth';
import WordExtractor from 'word-extractor';
import { CleanCounter } from './clean-counter';
import { OLE_SIG, startsWith, ZIP_SIG } from './kinds';
import { problem } from './problems';
import type { ExtractionLimits } from './types';
import { assertSafeZip } from './zip-guard';
import { errorMessage } from '../../../src-shared/error-text';

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function passwordProtected(what: string): Error {
  return problem(
    'encrypted',
    `This ${what} is password-protected, so its text cannot be read.`,
    'Open it in Word, remove the password (File › Info › Protect Document), save, and drop it again.',
  );
}

/** DOCX through mammoth's raw text (body paragraphs), after the ZIP has been proven safe to inflate. */
export async function countDocx(bytes: Uint8Array, limits: ExtractionLimits): Promise<number> {
  if (startsWith(bytes, OLE_SIG)) {
    // Word saves a password-protected .docx as an OLE container holding an "EncryptedPackage"
    // stream; any other OLE file named .docx is really a Word 97–2003 document.
    if (containsUtf16(bytes, 'EncryptedPackage')) throw passwordProtected('DOCX');
    return countDoc(bytes, limits);
  }
  if (!startsWith(bytes, ZIP_SIG)) {
    throw problem(
      'corrupt',
      'This file is named .docx but is not a DOCX package (it does not start like a ZIP file).',
      'Open it in Word and save it again as a .docx document.',
    );
  }
  await assertSafeZip(bytes, limits);
  let text: string;
  try {
    text = (await mammoth.extractRawText({ buffer: asBuffer(bytes) })).value;
  } catch (error) {
    throw problem(
      'corrupt',
      `This DOCX could not be read: ${errorMessage(error)}.`,
      'Open it in Word and save a fresh copy, then drop that.',
    );
  }
  const counter = new CleanCounter();
  counter.push(text);
  return counter.chars;
}

function containsUtf16(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(text, 'utf16le'));
}

/** FIB flag fEncrypted: Word 97–2003's "password to open" (RC4 or XOR) encrypts the text and tables. */
const FIB_FLAGS = 0x0a;
const F_ENCRYPTED = 0x0100;

/**
 * Whether the document's File Information Block marks it encrypted. word-extractor ignores the
 * flag and fails on the scrambled tables with a message about buffer bounds, which tells the user
 * nothing. A container too damaged to read is left to word-extractor to report.
 */
function fibSaysEncrypted(bytes: Uint8Array): boolean {
  let fib: Uint8Array | undefined;
  try {
    fib = CFB.find(CFB.read(asBuffer(bytes), { type: 'buffer' }), 'WordDocument')?.content as
      Uint8Array | undefined;
  } catch {
    return false;
  }
  if (!fib || fib.length < FIB_FLAGS + 2) return false;
  return ((fib[FIB_FLAGS]! | (fib[FIB_FLAGS + 1]! << 8)) & F_ENCRYPTED) !== 0;
}

/** Word 97–2003 .doc through word-extractor: body, footnotes and endnotes (what a reader reads). */
export async function countDoc(bytes: Uint8Array, limits: ExtractionLimits): Promise<number> {
  if (startsWith(bytes, ZIP_SIG)) return countDocx(bytes, limits);
  if (containsUtf16(bytes, 'EncryptedPackage')) throw passwordProtected('document');
  if (!startsWith(bytes, OLE_SIG)) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 16));
    const what = head.startsWith('{\\rtf') ? 'an RTF document' : 'not a Word document';
    throw problem(
      'unsupported',
      `This file is named .doc but is ${what}.`,
      'Open it in Word or LibreOffice and save it as .docx (or .doc), then drop that.',
    );
  }
  if (fibSaysEncrypted(bytes)) throw passwordProtected('document');
  let doc;
  try {
    doc = await new WordExtractor().extract(asBuffer(bytes));
  } catch (error) {
    throw problem(
      'corrupt',
      `This .doc file could not be read: ${errorMessage(error)}.`,
      'It may be damaged, encrypted, or not a Word file. Open it in Word and save it again as .docx.',
    );
  }
  const counter = new CleanCounter();
  counter.push(doc.getBody());
  counter.boundary();
  counter.push(doc.getFootnotes());
  counter.boundary();
  counter.push(doc.getEndnotes());
  return counter.chars;
}
