import type { DocumentKind } from './types';

const BY_EXTENSION: Record<string, DocumentKind> = {
  pdf: 'pdf',
  docx: 'docx',
  doc: 'doc',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  txt: 'text',
  text: 'text',
  md: 'text',
  markdown: 'text',
};

export const SUPPORTED_EXTENSIONS = Object.keys(BY_EXTENSION);

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 || dot === name.length - 1 ? '' : name.slice(dot + 1).toLowerCase();
}

/** The kind a file name promises; extractors then check the bytes agree. */
export function kindFromName(name: string): DocumentKind | null {
  return BY_EXTENSION[extensionOf(name)] ?? null;
}

export function unsupportedMessage(name: string): { message: string; hint: string } {
  const ext = extensionOf(name);
  return {
    message: ext
      ? `Files ending in .${ext} cannot be estimated.`
      : 'This file has no extension, so its type is unknown.',
    hint: 'Supported: PDF, DOCX, DOC, HTML, TXT and Markdown. Save or export the document as one of these.',
  };
}

export const startsWith = (bytes: Uint8Array, sig: number[]): boolean => sig.every((b, i) => bytes[i] === b);
export const ZIP_SIG = [0x50, 0x4b, 0x03, 0x04];
export const OLE_SIG = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
