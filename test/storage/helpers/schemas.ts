/**
 * Schemas for the storage tests, already passed through RxDB's fillWithDefaultSettings (what a storage
 * receives from RxDB): indexes get _deleted in front and the primary key at the end, plus the
 * ['_meta.lwt', id] index.
 */
import type { RxDocumentData, RxJsonSchema } from 'rxdb';
import { fillWithDefaultSettings } from 'rxdb';
import { ledgerSchema } from '../../../src-shared/db/collections';

export interface Item {
  id: string;
  name: string;
  tag: string;
  age: number;
  score: number;
  active: boolean;
  nested: { zip: string; n?: number };
  list?: string[];
  note?: string;
  count?: number;
}

/** String, integer, decimal, boolean and nested index fields; note/count/list are not indexed. */
export const itemSchemaInput: RxJsonSchema<Item> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 40 },
    name: { type: 'string', maxLength: 12 },
    tag: { type: 'string', maxLength: 6 },
    age: { type: 'integer', minimum: 0, maximum: 150, multipleOf: 1 },
    score: { type: 'number', minimum: -1000, maximum: 1000, multipleOf: 0.01 },
    active: { type: 'boolean' },
    nested: {
      type: 'object',
      properties: { zip: { type: 'string', maxLength: 8 }, n: { type: 'integer' } },
      required: ['zip'],
    },
    list: { type: 'array', items: { type: 'string' } },
    note: { type: 'string' },
    count: { type: 'integer' },
  },
  required: ['id', 'name', 'tag', 'age', 'score', 'active', 'nested'],
  indexes: ['name', ['tag', 'age'], 'score', ['active', 'name'], 'nested.zip'],
};

export const itemSchema = fillWithDefaultSettings(itemSchemaInput) as RxJsonSchema<RxDocumentData<Item>>;

export interface Note {
  id: string;
  title: string;
}

export const noteSchemaInput: RxJsonSchema<Note> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: { id: { type: 'string', maxLength: 40 }, title: { type: 'string', maxLength: 40 } },
  required: ['id', 'title'],
  indexes: ['title'],
  attachments: {},
};

export const noteSchema = fillWithDefaultSettings(noteSchemaInput) as RxJsonSchema<RxDocumentData<Note>>;

export const filledLedgerSchema = fillWithDefaultSettings(ledgerSchema) as RxJsonSchema<
  RxDocumentData<never>
>;
