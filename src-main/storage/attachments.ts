/**
 * Attachment bytes live in their own table, keyed by (document id, attachment id); the document JSON
 * keeps only RxDB's attachment metadata (digest, length, type), as RxDB expects stubs there.
 */
import { statement, type CollectionTable } from './collection-table';
import { SqliteStorageError } from './errors';
import { pkKey } from './find-by-id';

export function readAttachment(
  table: CollectionTable,
  documentId: string,
  attachmentId: string,
  digest: string,
): Blob {
  const row = table.atts
    ? (statement(
        table,
        'att:get',
        () => `SELECT digest, type, data FROM ${table.atts} WHERE pk = ? AND att_id = ?`,
      ).get(pkKey(documentId), pkKey(attachmentId)) as
        { digest: string; type: string; data: Buffer } | undefined)
    : undefined;
  if (!row || !digest || row.digest !== digest) {
    throw new SqliteStorageError(
      'ATTACHMENT_NOT_FOUND',
      `Attachment "${attachmentId}" of document "${documentId}" in collection "${table.collectionName}" ` +
        (row
          ? `has changed (stored digest ${row.digest}, asked for ${digest}); read the document again for the current one.`
          : 'does not exist.'),
    );
  }
  return new Blob([row.data as Uint8Array<ArrayBuffer>], { type: row.type });
}
