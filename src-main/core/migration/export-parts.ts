import { open as openFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { ExportFormatError, type ExportInput } from './types';

/** One export to count: a plain file, or one member of a ZIP archive. */
export interface ExportPart {
  /** What the user sees: the file name, or "archive.zip › member.csv". */
  name: string;
  input: ExportInput;
  /** Bytes of the file on disk this part accounts for (its compressed size inside a ZIP). */
  fileBytes: number;
  /** Bytes the counter will read for it (inflated size inside a ZIP). */
  readBytes: number;
}

export interface ExportFile {
  /** Opened one at a time as they are iterated: a part must be counted before the next opens. */
  parts: AsyncIterable<ExportPart>;
  /** ZIP members that are not export files (attachments, images), for the user to see. */
  ignored: string[];
}

/** Help desks hand out ZIPs of JSON/CSV files; gzip inside a ZIP is read too. */
const EXPORT_MEMBER = /\.(json|ndjson|jsonl|csv|gz)$/i;
/** More members than a real export holds; beyond it the archive is refused unread. */
const MAX_MEMBERS = 10_000;

/** Opens a file picked for a migration estimate: a plain export, or each export inside a ZIP. */
export async function openExportFile(file: {
  path: string;
  name: string;
  size: number;
}): Promise<ExportFile> {
  if (!(await startsLikeZip(file.path))) {
    return {
      parts: single({ name: file.name, input: file, fileBytes: file.size, readBytes: file.size }),
      ignored: [],
    };
  }
  const zip = await openZip(file.path, file.name);
  let entries: Entry[];
  try {
    entries = await readDirectory(zip, file.name);
  } catch (error) {
    zip.close();
    throw error;
  }
  const members: Entry[] = [];
  const ignored: string[] = [];
  for (const entry of entries) {
    const name = entry.fileName;
    // Folders and macOS resource forks are neither counted nor worth naming.
    if (name.endsWith('/') || isNoise(name)) continue;
    if (EXPORT_MEMBER.test(name)) members.push(entry);
    else ignored.push(name);
  }
  if (members.length === 0) {
    zip.close();
    throw new ExportFormatError(
      `${file.name} is a ZIP archive with no .json, .ndjson or .csv file inside.`,
      'Add the export file itself, or the archive your help desk produced.',
    );
  }
  return { parts: memberParts(zip, members, file.name), ignored };
}

async function* single(part: ExportPart): AsyncGenerator<ExportPart> {
  yield part;
}

async function* memberParts(zip: ZipFile, members: Entry[], archive: string): AsyncGenerator<ExportPart> {
  try {
    for (const entry of members) {
      const stream = await openMember(zip, entry, archive);
      yield {
        name: `${archive} › ${entry.fileName}`,
        input: { stream, name: basename(entry.fileName), size: entry.uncompressedSize },
        fileBytes: entry.compressedSize,
        readBytes: entry.uncompressedSize,
      };
      // The consumer has counted the member (or stopped); an unread rest is dropped.
      stream.destroy();
    }
  } finally {
    zip.close();
  }
}

const isNoise = (name: string) => name.startsWith('__MACOSX/') || basename(name).startsWith('.');

async function startsLikeZip(path: string): Promise<boolean> {
  const handle = await openFile(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    // A local file header, or the end record of an empty archive.
    return bytesRead === 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5);
  } finally {
    await handle.close();
  }
}

function damaged(archive: string, error: Error): ExportFormatError {
  return new ExportFormatError(
    `${archive} is a damaged ZIP archive (${error.message}).`,
    'Download the export again, or unzip it with another tool and add the files inside.',
  );
}

function openZip(path: string, archive: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    // Member sizes are checked while inflating (validateEntrySizes), so a lying entry stops there.
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, zip) =>
      error ? reject(damaged(archive, error)) : resolve(zip),
    );
  });
}

function readDirectory(zip: ZipFile, archive: string): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      if (entries.length >= MAX_MEMBERS) {
        reject(
          new ExportFormatError(
            `${archive} holds more than ${MAX_MEMBERS.toLocaleString('en-US')} files, more than a help-desk export does.`,
            'Unzip it and add the ticket, conversation or article files themselves.',
          ),
        );
        return;
      }
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (error: Error) => reject(damaged(archive, error)));
    zip.readEntry();
  });
}

function openMember(zip: ZipFile, entry: Entry, archive: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) =>
      error ? reject(damaged(`${archive} › ${entry.fileName}`, error)) : resolve(stream),
    );
  });
}
