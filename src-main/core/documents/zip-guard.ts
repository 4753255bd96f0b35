import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import type { ExtractionLimits } from './types';
import { formatBytes, problem } from './problems';

/**
 * Proves a ZIP container (DOCX) is safe to hand to a library that inflates it whole: the central
 * directory's declared sizes stay under the limit, and so do the bytes each entry really
 * inflates to (yauzl stops an entry that inflates past its declared size, the classic lie).
 */
export async function assertSafeZip(bytes: Uint8Array, limits: ExtractionLimits): Promise<void> {
  const zip = await openZip(bytes);
  try {
    const entries = await readDirectory(zip, limits);
    let inflated = 0;
    for (const entry of entries) {
      inflated = await inflateCounting(zip, entry, inflated, limits.maxUnzippedBytes);
    }
  } finally {
    zip.close();
  }
}

function bomb(detail: string): Error {
  return problem(
    'zip-bomb',
    `This document unpacks to far more data than a real document holds (${detail}), so it was not opened.`,
    'It is probably a crafted "zip bomb" or a badly damaged file. If you trust it, open it in Word and save a fresh copy.',
  );
}

function openZip(bytes: Uint8Array): Promise<ZipFile> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      buffer,
      { lazyEntries: true, validateEntrySizes: true, strictFileNames: false },
      (err, zip) => {
        if (err) {
          reject(
            problem(
              'corrupt',
              `This DOCX is not a readable ZIP package: ${err.message}.`,
              'The file may be cut short or not really a DOCX. Open it in Word and save it again as .docx.',
            ),
          );
        } else resolve(zip);
      },
    );
  });
}

function readDirectory(zip: ZipFile, limits: ExtractionLimits): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    let declared = 0;
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      declared += entry.uncompressedSize;
      if (entries.length > limits.maxZipEntries) {
        reject(bomb(`more than ${limits.maxZipEntries} parts`));
        zip.close();
      } else if (declared > limits.maxUnzippedBytes) {
        reject(bomb(`${formatBytes(declared)} declared, limit ${formatBytes(limits.maxUnzippedBytes)}`));
        zip.close();
      } else zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (err: Error) =>
      reject(
        problem(
          'corrupt',
          `This DOCX has a damaged ZIP directory: ${err.message}.`,
          'Open it in Word and save a fresh copy, then drop that.',
        ),
      ),
    );
    zip.readEntry();
  });
}

function inflateCounting(zip: ZipFile, entry: Entry, before: number, max: number): Promise<number> {
  if (entry.fileName.endsWith('/')) return Promise.resolve(before);
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) {
        reject(
          problem(
            'corrupt',
            `A part of this DOCX (${entry.fileName}) cannot be read: ${err.message}.`,
            'Open it in Word and save a fresh copy.',
          ),
        );
        return;
      }
      let total = before;
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > max) {
          stream.destroy();
          reject(bomb(`over ${formatBytes(max)} once unpacked`));
        }
      });
      stream.on('error', (e: Error) => {
        // yauzl's size validation: the entry inflates past the size its header declares.
        if (/too many bytes/i.test(e.message))
          reject(bomb(`${entry.fileName} inflates past its declared size`));
        else
          reject(
            problem(
              'corrupt',
              `A part of this DOCX (${entry.fileName}) is damaged: ${e.message}.`,
              'Open it in Word and save a fresh copy.',
            ),
          );
      });
      stream.on('end', () => resolve(total));
    });
  });
}
