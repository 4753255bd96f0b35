import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createRxDatabase, type RxCollection, type RxDatabase, type RxJsonSchema } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { Subject } from 'rxjs';
import { postgresForThisFile } from './helpers/postgres';
import { startTestEndpoint, type StoreKind, type TestEndpoint } from './helpers/endpoint';

/**
 * A third-party client written from docs/protocol.md alone: stock RxDB (storage-memory,
 * replicateRxCollection), its own schema, plain fetch and a hand-rolled SSE reader. No project code
 * runs on the client side; the endpoint is the real one on each store.
 */

const pg = postgresForThisFile();

type Doc = { id: string } & Record<string, unknown>;

// From the protocol's "Ledger entries": every entry has these fields, and the endpoint may add its stamp.
const ledgerSchema: RxJsonSchema<Doc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 300 },
    kind: { type: 'string' },
    bucket: { type: 'string' },
    actionKind: { type: 'string' },
    amount: { type: 'integer' },
    occurredAt: { type: 'integer' },
    recordedAt: { type: 'integer' },
    machineId: { type: 'string' },
    tokenId: { type: 'string' },
    tokenLabel: { type: 'string' },
  },
  required: ['id', 'kind', 'bucket', 'actionKind', 'amount', 'occurredAt', 'recordedAt', 'machineId'],
};

interface StockClient {
  db: RxDatabase;
  ledger: RxCollection<Doc>;
  replication: RxReplicationState<Doc, { seq: number }>;
  close(): Promise<void>;
}

/** The protocol's stream: "RESYNC" first, then {documents, checkpoint} events, `: ping` comments. */
function openStream(url: string, token: string, events: Subject<unknown>): () => void {
  const controller = new AbortController();
  void (async () => {
    try {
      const response = await fetch(url, {
        headers: { authorization: `Bearer ${token}` },
        signal: controller.signal,
      });
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith('event: error')) continue;
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data: '))
            .map((line) => line.slice(6))
            .join('\n');
          if (data) events.next(JSON.parse(data));
        }
      }
    } catch {
      // Aborted on close.
    }
  })();
  return () => controller.abort();
}

async function stockClient(endpoint: string, token: string, name: string): Promise<StockClient> {
  const db = await createRxDatabase({ name, storage: getRxStorageMemory(), multiInstance: false });
  const { ledger } = await db.addCollections({ ledger: { schema: ledgerSchema } });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const url = (route: string) => `${endpoint}/v1/collections/ledger/${route}`;
  const stream$ = new Subject<unknown>();
  const stop = openStream(url('stream'), token, stream$);
  const replication = replicateRxCollection<Doc, { seq: number }>({
    collection: ledger as RxCollection<Doc>,
    replicationIdentifier: `stock-ledger-${endpoint}`,
    live: true,
    retryTime: 200,
    pull: {
      batchSize: 500,
      async handler(checkpoint, batchSize) {
        const query = new URLSearchParams({ limit: String(batchSize) });
        if (checkpoint) query.set('checkpoint', JSON.stringify(checkpoint));
        const response = await fetch(`${url('pull')}?${query}`, { headers });
        if (!response.ok) throw new Error(`pull: ${response.status} ${await response.text()}`);
        return response.json();
      },
      stream$: stream$.asObservable() as never,
    },
    push: {
      batchSize: 100,
      async handler(rows) {
        const response = await fetch(url('push'), { method: 'POST', headers, body: JSON.stringify(rows) });
        if (!response.ok) throw new Error(`push: ${response.status} ${await response.text()}`);
        return response.json();
      },
    },
  });
  return {
    db,
    ledger: ledger as RxCollection<Doc>,
    replication,
    async close() {
      stop();
      await replication.cancel();
      await db.close();
    },
  };
}

async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting for the replicas to agree');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each<StoreKind>(['sqlite', 'postgres'])('a stock RxDB client on %s', (kind) => {
  let endpoint: TestEndpoint;
  beforeAll(async () => {
    endpoint = await startTestEndpoint(kind, pg, { streamHeartbeatMs: 500 });
  }, 60_000);
  afterAll(async () => {
    await endpoint?.close();
  });

  test('syncs a team both ways, with the endpoint’s provenance stamp on what it stored', async () => {
    const team = await endpoint.team();
    const laptop = await endpoint.token(team.teamId, 'admin', 'laptop');
    const a = await stockClient(endpoint.url, team.token, `stocka${kind}${process.pid}`);
    const b = await stockClient(endpoint.url, laptop.token, `stockb${kind}${process.pid}`);
    try {
      await a.replication.awaitInitialReplication();
      await b.replication.awaitInitialReplication();
      const T = Date.UTC(2026, 10, 3);
      // From A: a goodwill adjustment (admin).
      await a.ledger.insert({
        id: 'adjustment:goodwill-1',
        kind: 'adjustment',
        bucket: '',
        actionKind: '',
        amount: 2000,
        reason: 'goodwill',
        occurredAt: T,
        recordedAt: T,
        machineId: 'stock-a',
      });
      // From B: a usage priced as the default card prices an AI prioritize (1 credit).
      await b.ledger.insert({
        id: 'usage:stock-evt-1',
        kind: 'usage',
        bucket: '',
        actionKind: 'ai_prioritize',
        amount: -1000,
        action: { kind: 'ai_prioritize' },
        ruleId: 'ai_prioritize:base',
        rateCardVersion: 'default-1',
        explanation: 'AI prioritize ticket: 1 credit',
        sourceEventId: 'stock-evt-1',
        source: 'app',
        occurredAt: T + 1,
        recordedAt: T + 1,
        machineId: 'stock-b',
      });
      const stamps = async (client: StockClient) =>
        (await client.ledger.find().exec())
          .map((d) => `${d.id}:${String(d.get('tokenLabel'))}`)
          .sort()
          .join(',');
      const expected = 'adjustment:goodwill-1:test,usage:stock-evt-1:laptop';
      await eventually(async () => (await stamps(a)) === expected && (await stamps(b)) === expected);
      // Both replicas equal the endpoint's master, amounts included.
      const master = (await team.api.get('/v1/collections/ledger/pull')).body as { documents: Doc[] };
      expect(master.documents.map((d) => [d.id, d.amount, d.tokenId]).sort()).toEqual(
        [
          ['adjustment:goodwill-1', 2000, team.tokenId],
          ['usage:stock-evt-1', -1000, laptop.tokenId],
        ].sort(),
      );
    } finally {
      await a.close();
      await b.close();
    }
  }, 30_000);
});
