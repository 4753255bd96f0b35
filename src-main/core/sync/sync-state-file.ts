import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SYNCED_COLLECTION_NAMES } from '../../../src-shared/db/collections';
import { writeFileAtomic } from '../atomic-file';
import type { RefusedDocument } from './push';

const refusalSchema = z.object({
  collection: z.enum(SYNCED_COLLECTION_NAMES as [string, ...string[]]),
  id: z.string(),
  document: z.record(z.string(), z.unknown()),
  statusCode: z.number().int(),
  message: z.string(),
  at: z.number(),
});

const stateSchema = z.object({
  /** Replication identifier per endpoint URL, changed each time the endpoint's store changed history. */
  identifiers: z.record(z.string(), z.string()).default({}),
  /** Documents the endpoint refused, keyed `${collection}/${id}`: they stay local until pushed again. */
  refused: z.record(z.string(), refusalSchema).default({}),
});
type SyncState = z.infer<typeof stateSchema>;

export type NeedsAttention = RefusedDocument;

const key = (collection: string, id: string) => `${collection}/${id}`;

/**
 * This machine's sync bookkeeping that RxDB does not keep: which replication identifier an endpoint
 * is synced under, and the documents the endpoint refused. RxDB takes a refused document as pushed
 * (so it never blocks later writes), which makes this file the record that the team lacks it.
 */
export class SyncStateFile {
  private state: SyncState;
  private readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'sync-state.json');
    this.state = this.load();
  }

  identifier(endpoint: string): string | undefined {
    return this.state.identifiers[endpoint];
  }

  setIdentifier(endpoint: string, identifier: string): void {
    this.state.identifiers[endpoint] = identifier;
    this.save();
  }

  needsAttention(): NeedsAttention[] {
    return Object.values(this.state.refused).sort((a, b) => a.at - b.at) as NeedsAttention[];
  }

  /** Records a refusal; a document refused again keeps the time of its first refusal. */
  refused(document: RefusedDocument): void {
    const previous = this.state.refused[key(document.collection, document.id)];
    this.state.refused[key(document.collection, document.id)] = previous
      ? { ...document, at: previous.at }
      : document;
    this.save();
  }

  /** Drops a document from the list; false when it was not listed. */
  resolved(collection: string, id: string): boolean {
    if (!Object.hasOwn(this.state.refused, key(collection, id))) return false;
    delete this.state.refused[key(collection, id)];
    this.save();
    return true;
  }

  private save(): void {
    writeFileAtomic(this.path, JSON.stringify(this.state));
  }

  private load(): SyncState {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      return { identifiers: {}, refused: {} };
    }
    try {
      return stateSchema.parse(JSON.parse(text));
    } catch {
      // Kept aside, never overwritten: it may hold the only record of refused documents.
      renameSync(this.path, `${this.path}.corrupt-${Date.now()}`);
      return { identifiers: {}, refused: {} };
    }
  }
}
