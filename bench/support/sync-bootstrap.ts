/**
 * Issue #15: the initial sync of an empty desktop by bootstrap from the endpoint's snapshot, next to
 * its baseline in the same run: a raw HTTP transfer of the same NDJSON from a bare node:http server,
 * each line parsed for its id and inserted as it came into a bare better-sqlite3 table, in 20k-row
 * transactions (WAL, synchronous=NORMAL like the client). At sizes up to 100k the RxDB replication
 * path alone (before #15) is measured against the same baseline.
 */
import Database from 'better-sqlite3';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createTeam, createToken, SqliteStore } from '../../src-server';
import { decideWrite } from '../../src-server/write-rules';
import { canonicalWire } from '../../src-server/validate';
import type { PreparedRow } from '../../src-server/store/types';
import type { WireDoc } from '../../src-server/protocol';
import { startSync } from '../../src-main/core/sync';
import { createClientDb } from '../../test/sync/harness/client-db';
import { usage } from '../../test/sync/harness/docs';
import { startEndpointProcess } from '../../test/sync/harness/endpoint-remote';
import { time, type Row } from '../harness';

const LIMITS = { requestsPerMinute: 10_000_000 };
const T0 = Date.UTC(2025, 0, 1);
const BATCH = 20_000;

async function seed(store: SqliteStore, teamId: string, n: number): Promise<void> {
  const decide = (master: string | undefined, row: PreparedRow) =>
    decideWrite('ledger', master, row.row, row.body);
  for (let i = 0; i < n; i += 5000) {
    const rows = Array.from({ length: Math.min(5000, n - i) }, (_, k): PreparedRow => {
      const j = i + k;
      const doc = {
        ...usage(`evt-${j}`, 1000 + (j % 7) * 500, `machine-${j % 4}`, T0 + j * 60_000),
        _deleted: false,
      } as WireDoc;
      return { id: doc.id, body: canonicalWire(doc), row: { newDocumentState: doc } };
    });
    await store.write(teamId, 'ledger', rows, decide);
  }
}

/** Streams NDJSON lines from a URL to `onLine`, the way the client's snapshot reader does. */
async function readLines(url: string, headers: Record<string, string>, onLine: (line: string) => void) {
  const response = await fetch(url, { headers });
  if (!response.ok || !response.body) throw new Error(`${url}: HTTP ${response.status}`);
  const decoder = new TextDecoder();
  let rest = '';
  const reader = response.body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const text = rest + decoder.decode(value, { stream: true });
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      onLine(text.slice(start, end));
      start = end + 1;
    }
    rest = text.slice(start);
  }
  if (rest) onLine(rest);
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export async function bootstrapBench(
  rows: Row[],
  n: number,
  tempDir: (prefix: string) => string,
): Promise<void> {
  const data = tempDir('bench-boot-endpoint-');
  const seeded = new SqliteStore(data);
  const team = await createTeam(seeded, 'bench');
  const token = (await createToken(seeded, team.id)).token;
  await seed(seeded, team.id, n);
  await seeded.close();
  const headers = { authorization: `Bearer ${token}` };
  // The endpoint runs in its own process, as on another machine: the client's time is its own.
  const server = await startEndpointProcess({ port: 0, data, limits: LIMITS });
  const rawFile = join(tempDir('bench-boot-raw-'), 'ledger.ndjson');
  const raw = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    createReadStream(rawFile).pipe(res);
  });
  try {
    // The very bytes the client will read, saved once and served raw.
    const snapshot = await fetch(`${server.url}/v1/collections/ledger/snapshot`, { headers });
    await pipeline(Readable.fromWeb(snapshot.body as WebReadableStream), createWriteStream(rawFile));
    const bytes = statSync(rawFile).size;
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const address = raw.address();
    const rawUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;

    const transfer = await time(async () => {
      let docs = 0;
      await readLines(rawUrl, {}, (line) => {
        if (typeof (JSON.parse(line) as { id?: unknown }).id === 'string') docs++;
      });
      if (docs !== n) throw new Error(`raw transfer saw ${docs} documents`);
    });
    const baselineName = `raw HTTP transfer + raw better-sqlite3 insert of the same ${n} rows`;
    const rawDb = join(tempDir('bench-boot-rawdb-'), 'raw.sqlite');
    const baseline = await time(async () => {
      const db = new Database(rawDb);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.exec('CREATE TABLE docs (id TEXT PRIMARY KEY, data TEXT NOT NULL)');
      const insert = db.prepare('INSERT INTO docs (id, data) VALUES (?, ?)');
      const write = db.transaction((batch: [string, string][]) => {
        for (const [id, text] of batch) insert.run(id, text);
      });
      let batch: [string, string][] = [];
      let docs = 0;
      await readLines(rawUrl, {}, (line) => {
        const id = (JSON.parse(line) as { id?: unknown }).id;
        if (typeof id !== 'string') return;
        batch.push([id, line]);
        if (batch.length >= BATCH) {
          write(batch);
          docs += batch.length;
          batch = [];
        }
      });
      write(batch);
      docs += batch.length;
      db.close();
      if (docs !== n) throw new Error(`raw insert stored ${docs} rows`);
    });
    rows.push({
      name: `raw HTTP transfer of the same NDJSON (${n} docs)`,
      value: transfer.ms,
      unit: 'ms',
      better: 'lower',
      note: `${mib(bytes)}, parse included`,
    });
    rows.push({ name: baselineName, value: baseline.ms, unit: 'ms', better: 'lower' });

    const paths: { label: string; threshold: number }[] = [
      { label: 'by bootstrap (#15)', threshold: 10_000 },
    ];
    if (n <= 100_000) paths.push({ label: 'by RxDB replication alone (before #15)', threshold: Infinity });
    for (const path of paths) {
      const client = await createClientDb(`boot${n}x${Date.now()}`, 'sqlite', tempDir('bench-boot-client-'));
      const cpu = process.cpuUsage();
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
      const synced = await time(async () => {
        const sync = startSync({
          collections: client.collections,
          endpoint: server.url,
          getToken: () => token,
          bootstrapThreshold: path.threshold,
        });
        await sync.awaitInSync();
        await sync.stop();
      });
      clearInterval(sampler);
      const used = process.cpuUsage(cpu);
      const count = await client.collections.ledger.count().exec();
      await client.db.close();
      if (count !== n) throw new Error(`initial sync ${path.label} holds ${count} of ${n}`);
      rows.push({
        name: `initial sync of ${n} entries to an empty desktop ${path.label}`,
        value: synced.ms,
        unit: 'ms',
        baseline: baselineName,
        better: 'lower',
        goal: path.threshold === Infinity ? '' : n >= 1_000_000 ? '≤ 3×, < 30 000 ms' : '≤ 3×',
        note: `client CPU ${Math.round((used.user + used.system) / 1000)} ms, peak RSS +${mib(peak - rssBefore)}, load ${loadavg()[0]!.toFixed(1)}`,
      });
    }
  } finally {
    raw.close();
    await server.kill();
  }
}
