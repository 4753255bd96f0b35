import { UPLOAD_CHUNK_BYTES, type CreditdeskApi, type FileRef } from '../../../src-shared/api';

/**
 * Hands a picked or dropped file to main. In Electron main reads it from its path; in a browser the
 * bytes travel in chunks (each well under the socket's frame limit) and main gets the upload id.
 */
export async function fileRefFor(
  api: CreditdeskApi,
  file: File,
  onProgress: (sentBytes: number) => void,
  signal?: AbortSignal,
): Promise<FileRef> {
  if (api.pathForFile) {
    const path = api.pathForFile(file);
    if (path) return { path, name: file.name };
  }
  const { uploadId } = await api.beginUpload({ name: file.name, size: file.size });
  let sent = 0;
  onProgress(0);
  while (sent < file.size) {
    if (signal?.aborted) throw new DOMException('Upload cancelled', 'AbortError');
    const chunk = new Uint8Array(await file.slice(sent, sent + UPLOAD_CHUNK_BYTES).arrayBuffer());
    await api.appendUpload({ uploadId, chunk });
    sent += chunk.byteLength;
    onProgress(sent);
  }
  return { uploadId };
}
