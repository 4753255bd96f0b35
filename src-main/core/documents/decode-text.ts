import { problem } from './problems';

export interface SniffedEncoding {
  encoding: string;
  /** Bytes of byte-order mark to skip. */
  skip: number;
  /** True when a BOM, a declaration or UTF-16 byte patterns decided; false for the UTF-8 guess. */
  certain: boolean;
}

const SNIFF_BYTES = 64 * 1024;
const SLICE_BYTES = 1024 * 1024;

/** Magic numbers of formats people rename to .txt by accident, so the error can say what it is. */
const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (or a DOCX/XLSX)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Office document (DOC/XLS)' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'a program (ELF)' },
  { bytes: [0x4d, 0x5a], what: 'a Windows program' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
];

/** BOM first, then UTF-16 without BOM by its zero-byte pattern, else UTF-8 (checked while decoding). */
export function sniffEncoding(bytes: Uint8Array): SniffedEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { encoding: 'utf-8', skip: 3, certain: true };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', skip: 2, certain: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', skip: 2, certain: true };
  const n = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  if (n >= 8) {
    let evenZeros = 0;
    let oddZeros = 0;
    for (let i = 0; i < n; i += 2) {
      if (bytes[i] === 0) evenZeros++;
      if (bytes[i + 1] === 0) oddZeros++;
    }
    const pairs = n / 2;
    // Mostly-ASCII UTF-16 has a zero in nearly every pair, always on the same side.
    if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05)
      return { encoding: 'utf-16le', skip: 0, certain: true };
    if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05)
      return { encoding: 'utf-16be', skip: 0, certain: true };
  }
  return { encoding: 'utf-8', skip: 0, certain: false };
}

/**
 * Refuses files that are not text: a known binary signature, NUL bytes, or many control
 * characters near the start. UTF-16 is recognised before this check (it is full of NULs).
 */
export function assertText(bytes: Uint8Array, sniffed: SniffedEncoding, fileWord: string): void {
  if (sniffed.encoding.startsWith('utf-16')) return;
  for (const sig of SIGNATURES) {
    if (sig.bytes.every((b, i) => bytes[i] === b)) {
      throw problem(
        'binary',
        `This ${fileWord} is really ${sig.what}, not text.`,
        'Rename it with its real extension (or export it as text) and drop it again.',
      );
    }
  }
  const n = Math.min(bytes.length, SNIFF_BYTES);
  let control = 0;
  for (let i = sniffed.skip; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) {
      throw problem(
        'binary',
        `This ${fileWord} contains binary data (a NUL byte at position ${i}), so it is not a text file.`,
        'Check that the file was saved as plain text; binary files cannot be used for training.',
      );
    }
    // Tab, LF, CR, FF and ESC appear in real text; other C0 controls mean binary.
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control++;
  }
  if (n > 0 && control / n > 0.05) {
    throw problem(
      'binary',
      `This ${fileWord} looks binary: ${Math.round((control / n) * 100)}% of its first bytes are control characters.`,
      'Check that the file was saved as plain text; binary files cannot be used for training.',
    );
  }
}

export interface DecodeResult {
  encoding: string;
  /** True when the bytes were not valid UTF-8 and were read as Windows-1252 instead. */
  fellBack: boolean;
}

/**
 * Decodes in 1 MB slices so a large file never becomes one giant string. UTF-8 that meets an
 * invalid byte restarts as Windows-1252 (WHATWG's "latin1"), calling `restart` first.
 */
export function decodeSlices(
  bytes: Uint8Array,
  sniffed: SniffedEncoding,
  onText: (text: string) => void,
  restart: () => void,
  onBytes?: (done: number) => void,
): DecodeResult {
  let decoder: TextDecoder;
  try {
    // Only UTF-8 is decoded strictly: it is the one guess that can be proven wrong by the bytes.
    decoder = new TextDecoder(sniffed.encoding, { fatal: sniffed.encoding === 'utf-8' });
  } catch {
    decoder = new TextDecoder('utf-8', { fatal: true });
  }
  try {
    run(decoder, bytes, sniffed.skip, onText, onBytes);
    return { encoding: decoder.encoding, fellBack: false };
  } catch (error) {
    if (!(error instanceof TypeError) || decoder.encoding !== 'utf-8') throw error;
  }
  restart();
  run(new TextDecoder('windows-1252'), bytes, sniffed.skip, onText, onBytes);
  return { encoding: 'windows-1252', fellBack: true };
}

function run(
  decoder: TextDecoder,
  bytes: Uint8Array,
  start: number,
  onText: (text: string) => void,
  onBytes?: (done: number) => void,
): void {
  for (let at = start; at < bytes.length; at += SLICE_BYTES) {
    const end = Math.min(at + SLICE_BYTES, bytes.length);
    onText(decoder.decode(bytes.subarray(at, end), { stream: end < bytes.length }));
    onBytes?.(end);
  }
  onText(decoder.decode());
}

/** The charset an HTML page declares in its first 1024 bytes (`<meta charset>` or http-equiv). */
export function declaredHtmlCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  const match = /<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)/i.exec(head);
  if (!match) return null;
  const label = match[1]!.toLowerCase();
  try {
    const encoding = new TextDecoder(label).encoding;
    // A page that says UTF-16 in ASCII bytes cannot be UTF-16 (HTML standard rule).
    return encoding.startsWith('utf-16') ? 'utf-8' : encoding;
  } catch {
    return null;
  }
}
