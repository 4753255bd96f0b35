import type { BulkWriteRow, RxDocumentData } from 'rxdb';
import { createRevision, now } from 'rxdb';
import type { Item } from './schemas';

type AnyDoc = Record<string, unknown>;

export function stored<T extends object>(data: T, token: string): RxDocumentData<T> {
  return {
    ...data,
    _deleted: false,
    _attachments: {},
    _rev: createRevision(token),
    _meta: { lwt: now() },
  } as RxDocumentData<T>;
}

export function insertRow<T extends object>(data: T, token: string): BulkWriteRow<AnyDoc> {
  return { document: stored(data, token) as never };
}

export function updateRow(
  previous: RxDocumentData<AnyDoc>,
  changes: AnyDoc,
  token: string,
): BulkWriteRow<AnyDoc> {
  return {
    previous,
    document: {
      ...previous,
      ...changes,
      _rev: createRevision(token, previous),
      _meta: { lwt: now() },
    } as never,
  };
}

export function deleteRow(previous: RxDocumentData<AnyDoc>, token: string): BulkWriteRow<AnyDoc> {
  return updateRow(previous, { _deleted: true }, token);
}

/**
 * A varied item set: strings with spaces, control characters, characters outside the BMP and near
 * U+FFFF (where UTF-8 and UTF-16 orders disagree), empty strings, boundary and decimal numbers, missing
 * optional fields.
 */
export function sampleItems(): Item[] {
  const names = [
    'alice',
    'Bob',
    'bob',
    'b ob',
    'b\tob',
    '',
    ' lead',
    'zed',
    '\u{1F600}smile',
    '\uFF5Ewide',
    '\uE000private',
    'é accent',
    'e\u0301',
    'ü',
    '\u{10FFFF}',
    '\uFFFF',
    'a\u0000nul',
    'Zürich',
    '中文',
    'x'.repeat(12),
  ];
  const tags = ['red', 'green', 'blue', '', 'red ', '\u{1F534}'];
  const zips = ['10115', '8001', '', '\u{1F3E0}1', '75001'];
  return names.map((name, i) => ({
    id: `id-${String(i).padStart(2, '0')}${i % 5 === 0 ? '\u{1F511}' : ''}`,
    name,
    tag: tags[i % tags.length]!,
    age: [0, 1, 17, 18, 42, 99, 150][i % 7]!,
    score: [-1000, -0.5, 0, 0.01, 3.14, 999.99, 1000, 12.5][i % 8]!,
    active: i % 3 !== 0,
    nested: i % 4 === 0 ? { zip: zips[i % zips.length]! } : { zip: zips[i % zips.length]!, n: i },
    ...(i % 2 === 0 ? { list: ['a', String(i), i % 4 === 0 ? 'b' : 'c'] } : {}),
    ...(i % 3 === 0 ? {} : { note: `note ${20 - i}${i % 4 === 0 ? ' \u{1F4DD}' : ''}` }),
    ...(i % 5 === 3 ? {} : { count: (i * 37) % 11 }),
  }));
}
