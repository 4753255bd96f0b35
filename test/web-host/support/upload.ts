import { UPLOAD_CHUNK_BYTES } from '../../../src-shared/api/files';
import type { ApiClient } from './api-socket';

/** Uploads bytes the way the console does: beginUpload, then 1 MiB chunks. */
export async function uploadBytes(client: ApiClient, name: string, bytes: Uint8Array): Promise<string> {
  const begun = await client.call('beginUpload', { name, size: bytes.byteLength });
  if (!begun.ok) throw new Error(`beginUpload: ${begun.error.message}`);
  const { uploadId } = begun.value as { uploadId: string };
  for (let sent = 0; sent < bytes.byteLength; sent += UPLOAD_CHUNK_BYTES) {
    const answer = await client.call('appendUpload', {
      uploadId,
      chunk: bytes.subarray(sent, sent + UPLOAD_CHUNK_BYTES),
    });
    if (!answer.ok) throw new Error(`appendUpload: ${answer.error.message}`);
  }
  return uploadId;
}
