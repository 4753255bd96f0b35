import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Locator, Page } from '@playwright/test';

/** A folder of files for one test, removed with the OS temp folder. */
export const tempFolder = (): string => mkdtempSync(join(tmpdir(), 'creditdesk-e2e-estimate-'));

/** A one-page PDF whose only text is `text` (Helvetica, one line). */
export async function textPdf(text: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage().drawText(text, { x: 40, y: 700, size: 11, font });
  return pdf.save();
}

export interface DroppedFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/**
 * Drops files on an element the way a window manager does: dragenter, dragover and drop events
 * carrying a DataTransfer built in the page from the files' bytes.
 */
export async function dropFiles(page: Page, target: Locator, files: DroppedFile[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, type: f.type, bytes: Array.from(f.bytes) }));
  const dataTransfer = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const f of list) transfer.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
    return transfer;
  }, payload);
  for (const type of ['dragenter', 'dragover', 'drop']) await target.dispatchEvent(type, { dataTransfer });
  await dataTransfer.dispose();
}

export function writeFiles(dir: string, files: DroppedFile[]): string[] {
  return files.map((f) => {
    const path = join(dir, f.name);
    writeFileSync(path, f.bytes);
    return path;
  });
}
