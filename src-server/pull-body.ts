import type { StoredRow } from './store/types';

/**
 * The JSON of a pull answer or a stream event, assembled from the stored canonical JSON and never
 * re-serialised: initial syncs are large.
 */
export function pullBody(rows: StoredRow[], after: number | null, epoch: string): string {
  const last = rows.at(-1)?.seq ?? after;
  const checkpoint = last === null ? 'null' : `{"seq":${last},"epoch":${JSON.stringify(epoch)}}`;
  return `{"documents":[${rows.map((r) => r.body).join(',')}],"checkpoint":${checkpoint}}`;
}
