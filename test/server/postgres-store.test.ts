import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PostgresTeamDatabase, createTeam } from '../../src-server';
import { decideWrite } from '../../src-server/write-rules';
import { canonicalWire } from '../../src-server/validate';
import type { PreparedRow } from '../../src-server/store/types';
import { startPostgres, type TestPostgres } from './helpers/postgres';
import { adjustment, wire } from '../sync/harness/docs';

let cluster: TestPostgres;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

const row = (id: string): PreparedRow => {
  const doc = wire(adjustment(id, 1000, 'm1')) as PreparedRow['row']['newDocumentState'];
  return { id: doc.id, body: canonicalWire(doc), row: { newDocumentState: doc } };
};
const decide = (master: string | undefined, r: PreparedRow) => decideWrite('ledger', master, r.row, r.body);

describe('PostgreSQL store', () => {
  test('instances on one database hear each other through LISTEN/NOTIFY', async () => {
    const url = await cluster.createDatabase();
    const a = await PostgresTeamDatabase.open({ connectionString: url });
    const b = await PostgresTeamDatabase.open({ connectionString: url });
    try {
      const team = await createTeam(a, 'fan-out');
      const heard = new Promise((resolve) =>
        b.onChange((notice) => notice.teamId === team.id && resolve(notice)),
      );
      await a.write(team.id, 'ledger', [row('n1')], decide);
      expect(await heard).toEqual({ teamId: team.id, collections: ['ledger'] });
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('writes survive connections being killed under them (transient errors retried) and stay gap-free', async () => {
    const url = await cluster.createDatabase();
    const store = await PostgresTeamDatabase.open({
      connectionString: url,
      poolSize: 3,
      retry: { attempts: 10, baseDelayMs: 50 },
    });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    let killing = true;
    let kills = 0;
    const killer = (async () => {
      while (killing) {
        const { rowCount } = await admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
        );
        kills += rowCount ?? 0;
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    })();
    try {
      const team = await createTeam(store, 'chaos');
      for (let i = 0; i < 40; i++)
        await store.write(team.id, 'ledger', [row(`k${i}`), row(`k${i}b`)], decide);
      killing = false;
      await killer;
      expect(kills).toBeGreaterThan(0);
      const rows = await store.pull(team.id, 'ledger', 0, 1000);
      expect(rows.length).toBe(80);
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
      expect(await store.head(team.id)).toBe(80);
      // The listener reconnects: a later write is heard, or, if it landed while the listener was still
      // reconnecting, the reconnect itself tells every stream to re-read (team '*').
      const heard = new Promise((resolve) =>
        store.onChange((n) => (n.teamId === team.id || n.teamId === '*') && resolve(n)),
      );
      await store.write(team.id, 'ledger', [row('after')], decide);
      await heard;
      const later = new Promise((resolve) => store.onChange((n) => n.teamId === team.id && resolve(n)));
      await new Promise((resolve) => setTimeout(resolve, 600));
      await store.write(team.id, 'ledger', [row('later')], decide);
      await expect(later).resolves.toMatchObject({ teamId: team.id });
    } finally {
      killing = false;
      await killer.catch(() => {});
      await admin.end();
      await store.close();
    }
  }, 60_000);
});
