/**
 * Sync benchmark (issue #5), each figure next to a baseline measured in the same run:
 *   - initial sync of 100k ledger entries (quick: 20k) from the endpoint into an empty desktop database
 *     through RxDB's replication alone (SQLite RxStorage, and storage-memory for comparison), next to a
 *     raw HTTP transfer of the same JSON from a bare node:http server (goal: < 10 s for 100k);
 *   - issue #15: initial sync of 100k and 1M entries (quick: 20k, 50k) by bootstrap from the snapshot,
 *     next to a raw HTTP transfer of the same NDJSON + a raw better-sqlite3 insert of the same rows
 *     (goal: ≤ 3× that, and 1M under 30 s), in sync-bootstrap.ts;
 *   - propagation latency A → B between two live clients, p50/p95, next to one bare push + pull round
 *     trip (goal: p95 < 1 s);
 *   - push throughput over HTTP on the SQLite and PostgreSQL stores, next to the SQLite store written
 *     directly.
 */
import { createServer, type Server } from 'node:http';
import { loadavg } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startServer,
  SqliteStore,
  PostgresStore,
  createTeam,
  createToken,
  type Store,
  type ServerHandle,
} from '../src-server';
import { decideWrite } from '../src-server/write-rules';
import { canonicalWire } from '../src-server/validate';
import type { PreparedRow } from '../src-server/store/types';
import type { WireDoc } from '../src-server/protocol';
import { startSync } from '../src-main/core/sync';
import { createClientDb, type ClientStorage } from '../test/sync/harness/client-db';
import { adjustment, usage } from '../test/sync/harness/docs';
import { startPostgres } from '../test/server/helpers/postgres';
import { startEndpointProcess } from '../test/sync/harness/endpoint-remote';
import { printTable, scale, sized, time, type Row } from './harness';
import { bootstrapBench } from './support/sync-bootstrap';

const LIMITS = { requestsPerMinute: 10_000_000 };
const T0 = Date.UTC(2025, 0, 1);
const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

const prepared = (doc: Record<string, unknown>): PreparedRow => {
  const wire = { ...doc, _deleted: false } as WireDoc;
  return { id: wire.id, body: canonicalWire(wire), row: { newDocumentState: wire } };
};
const decide = (master: string | undefined, row: PreparedRow) =>
  decideWrite('ledger', master, row.row, row.body);

async function seed(store: Store, teamId: string, n: number): Promise<void> {
  for (let i = 0; i < n; i += 5000) {
    const rows = Array.from({ length: Math.min(5000, n - i) }, (_, k) =>
      prepared(
        usage(`evt-${i + k}`, 1000 + ((i + k) % 7) * 500, `machine-${(i + k) % 4}`, T0 + (i + k) * 60_000),
      ),
    );
    await store.write(teamId, 'ledger', rows, decide);
  }
}

async function team(store: Store) {
  const t = await createTeam(store, 'bench');
  return { teamId: t.id, token: (await createToken(store, t.id)).token };
}

/** Serves the same pull pages the endpoint would, as fixed bytes: the transfer without any sync logic. */
async function rawServer(pages: string[]): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const page = pages[Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page') ?? 0)] ?? '[]';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

async function initialSync(rows: Row[]): Promise<void> {
  const n = sized(20_000, 100_000);
  const data = tempDir('bench-sync-endpoint-');
  const seeded = new SqliteStore(data);
  const { teamId, token } = await team(seeded);
  await seed(seeded, teamId, n);
  await seeded.close();
  // The endpoint runs in its own process, as it would on another machine: the client's time is its own.
  const server = await startEndpointProcess({ port: 0, data, limits: LIMITS });
  try {
    // The same JSON the client pulls, page by page, served raw.
    const pages: string[] = [];
    for (let after = 0; ;) {
      const response = await fetch(
        `${server.url}/v1/collections/ledger/pull?limit=5000&checkpoint=${after}`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      const text = await response.text();
      pages.push(text);
      const body = JSON.parse(text) as { documents: unknown[]; checkpoint: { seq: number } };
      if (body.documents.length < 5000) break;
      after = body.checkpoint.seq;
    }
    const bytes = pages.reduce((sum, p) => sum + Buffer.byteLength(p), 0);
    const raw = await rawServer(pages);
    const rawTransfer = await time(async () => {
      let docs = 0;
      for (let i = 0; i < pages.length; i++) {
        const body = (await (await fetch(`${raw.url}/?page=${i}`)).json()) as { documents: unknown[] };
        docs += body.documents.length;
      }
      if (docs !== n) throw new Error(`raw transfer saw ${docs} documents`);
    });
    raw.server.close();
    rows.push({
      name: `raw HTTP transfer of the same JSON (${n} docs)`,
      value: rawTransfer.ms,
      unit: 'ms',
      better: 'lower',
      note: `${(bytes / 1024 / 1024).toFixed(1)} MB in ${pages.length} pages`,
    });

    const endpointOnly = await time(async () => {
      let docs = 0;
      for (let after: number | null = null; ;) {
        const query: string = after === null ? 'limit=5000' : `limit=5000&checkpoint=${after}`;
        const response = await fetch(`${server.url}/v1/collections/ledger/pull?${query}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const body = (await response.json()) as { documents: unknown[]; checkpoint: { seq: number } };
        docs += body.documents.length;
        if (body.documents.length < 5000) break;
        after = body.checkpoint.seq;
      }
      if (docs !== n) throw new Error(`endpoint pull saw ${docs}`);
    });
    rows.push({
      name: 'endpoint pull pages, fetch + parse only',
      value: endpointOnly.ms,
      unit: 'ms',
      baseline: `raw HTTP transfer of the same JSON (${n} docs)`,
      better: 'lower',
    });

    for (const storage of ['sqlite', 'memory'] as ClientStorage[]) {
      const client = await createClientDb(
        `bench${storage}${Date.now()}`,
        storage,
        tempDir('bench-sync-client-'),
      );
      const cpu = process.cpuUsage();
      const synced = await time(async () => {
        const sync = startSync({
          collections: client.collections,
          endpoint: server.url,
          getToken: () => token,
          // The replication path alone: the "before" of issue #15's bootstrap.
          bootstrapThreshold: Infinity,
        });
        await sync.awaitInSync();
        await sync.stop();
      });
      const used = process.cpuUsage(cpu);
      const count = await client.collections.ledger.count().exec();
      if (count !== n) throw new Error(`initial sync into ${storage} holds ${count} of ${n}`);
      await client.db.close();
      rows.push({
        name: `initial sync ${n} entries → empty client by replication (${storage === 'sqlite' ? 'SQLite RxStorage' : 'storage-memory'})`,
        value: synced.ms,
        unit: 'ms',
        baseline: `raw HTTP transfer of the same JSON (${n} docs)`,
        better: 'lower',
        goal: storage === 'sqlite' ? (scale === 'full' ? '< 10 000 ms' : '< 10 000 ms at 100k') : '',
        // CPU time is the client's alone; wall time above it is waiting (I/O, the endpoint, other load).
        note: `client CPU ${Math.round((used.user + used.system) / 1000)} ms, load ${loadavg()[0]!.toFixed(1)}`,
      });
    }
  } finally {
    await server.kill();
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

async function propagation(rows: Row[]): Promise<void> {
  const samples = sized(20, 100);
  const store = new SqliteStore(tempDir('bench-latency-endpoint-'));
  const server = await startServer({ port: 0, store, limits: LIMITS });
  const { token } = await team(store);
  const a = await createClientDb(`latA${Date.now()}`, 'sqlite', tempDir('bench-latency-a-'));
  const b = await createClientDb(`latB${Date.now()}`, 'sqlite', tempDir('bench-latency-b-'));
  const syncA = startSync({ collections: a.collections, endpoint: server.url, getToken: () => token });
  const syncB = startSync({ collections: b.collections, endpoint: server.url, getToken: () => token });
  try {
    await syncA.awaitInSync();
    await syncB.awaitInSync();
    // Bare round trip: one push, then one pull from the previous checkpoint, with plain fetch.
    const bare: number[] = [];
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    for (let i = 0; i < samples; i++) {
      const doc = { ...adjustment(`bare-${i}`, 1000, 'bench'), _deleted: false };
      const t = await time(async () => {
        await (await fetch(`${server.url}/v1/collections/alerts/pull?limit=1`, { headers })).text();
        await (
          await fetch(`${server.url}/v1/collections/ledger/push`, {
            method: 'POST',
            headers,
            body: JSON.stringify([{ newDocumentState: doc }]),
          })
        ).text();
        await (
          await fetch(
            `${server.url}/v1/collections/ledger/pull?limit=1&checkpoint=${(await store.head((await store.listTeams()).at(-1)!.id)) - 1}`,
            { headers },
          )
        ).text();
      });
      bare.push(t.ms);
    }
    const latencies: number[] = [];
    for (let i = 0; i < samples; i++) {
      const id = `adjustment:lat-${i}`;
      const seen = new Promise<void>((resolve) => {
        const sub = b.collections.ledger.findOne(id).$.subscribe((doc) => {
          if (doc) {
            sub.unsubscribe();
            resolve();
          }
        });
      });
      const started = performance.now();
      await a.collections.ledger.insert(adjustment(`lat-${i}`, 1000, 'A'));
      await seen;
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    bare.sort((x, y) => x - y);
    latencies.sort((x, y) => x - y);
    rows.push({
      name: 'bare push + pull round trip, p50',
      value: percentile(bare, 0.5),
      unit: 'ms',
      better: 'lower',
    });
    rows.push({
      name: 'bare push + pull round trip, p95',
      value: percentile(bare, 0.95),
      unit: 'ms',
      better: 'lower',
    });
    rows.push({
      name: `propagation A → B via live stream, p50 (${samples} writes)`,
      value: percentile(latencies, 0.5),
      unit: 'ms',
      baseline: 'bare push + pull round trip, p50',
      better: 'lower',
    });
    rows.push({
      name: `propagation A → B via live stream, p95 (${samples} writes)`,
      value: percentile(latencies, 0.95),
      unit: 'ms',
      baseline: 'bare push + pull round trip, p95',
      better: 'lower',
      goal: '< 1000 ms',
    });
  } finally {
    await syncA.stop();
    await syncB.stop();
    await a.db.close();
    await b.db.close();
    await server.close();
    await store.close();
  }
}

async function pushThroughput(rows: Row[]): Promise<void> {
  const n = sized(8_000, 40_000);
  const batch = 200;
  const pushers = 4;
  const docs = (prefix: string) =>
    Array.from({ length: n }, (_, i) => ({
      ...usage(`${prefix}-${i}`, 1000, `m${i % pushers}`, T0 + i),
      _deleted: false,
    }));

  const direct = async (store: Store, label: string, baseline?: string) => {
    const { teamId } = await team(store);
    const all = docs('direct').map((d) => prepared(d));
    const t = await time(async () => {
      for (let i = 0; i < n; i += batch) await store.write(teamId, 'ledger', all.slice(i, i + batch), decide);
    });
    rows.push({
      name: `${label} store.write direct, ${batch}/batch`,
      value: (n / t.ms) * 1000,
      unit: 'docs/s',
      better: 'higher',
      ...(baseline ? { baseline } : {}),
    });
  };
  const http = async (server: ServerHandle, store: Store, label: string, baseline: string) => {
    const { token } = await team(store);
    const all = docs('http');
    const t = await time(async () => {
      await Promise.all(
        Array.from({ length: pushers }, async (_, p) => {
          for (let i = p * batch; i < n; i += batch * pushers) {
            const response = await fetch(`${server.url}/v1/collections/ledger/push`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify(all.slice(i, i + batch).map((d) => ({ newDocumentState: d }))),
            });
            if (response.status !== 200) throw new Error(`push answered ${response.status}`);
            await response.text();
          }
        }),
      );
    });
    rows.push({
      name: `${label} HTTP push, ${pushers} pushers × ${batch}/batch (validated)`,
      value: (n / t.ms) * 1000,
      unit: 'docs/s',
      baseline,
      better: 'higher',
    });
  };

  const baseline = `SQLite store.write direct, ${batch}/batch`;
  const sqlite = new SqliteStore(tempDir('bench-push-sqlite-'));
  const sqliteServer = await startServer({ port: 0, store: sqlite, limits: LIMITS });
  try {
    await direct(sqlite, 'SQLite');
    await http(sqliteServer, sqlite, 'SQLite', baseline);
  } finally {
    await sqliteServer.close();
    await sqlite.close();
  }
  const pg = await startPostgres();
  try {
    const store = await PostgresStore.open({ connectionString: await pg.createDatabase() });
    const server = await startServer({ port: 0, store, limits: LIMITS });
    try {
      await direct(store, 'PostgreSQL', baseline);
      await http(server, store, 'PostgreSQL', baseline);
    } finally {
      await server.close();
      await store.close();
    }
  } finally {
    await pg.stop();
  }
}

export default async function run(): Promise<void> {
  try {
    const sync: Row[] = [];
    await initialSync(sync);
    printTable('sync: initial sync', sync);
    for (const n of [sized(20_000, 100_000), sized(50_000, 1_000_000)]) {
      const boot: Row[] = [];
      await bootstrapBench(boot, n, tempDir);
      printTable(`sync: initial sync by bootstrap, ${n.toLocaleString('en-US')} entries`, boot);
    }
    const latency: Row[] = [];
    await propagation(latency);
    printTable('sync: propagation latency', latency);
    const push: Row[] = [];
    await pushThroughput(push);
    printTable('sync: push throughput', push);
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
