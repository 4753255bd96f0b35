/**
 * One team machine for the convergence suite, in its own process (RxDB allows 13 open collections
 * per process; a client has 5). Driven over IPC by ClientRemote: it writes like the desktop app,
 * syncs with startSync through a recording fetch, and reports what it holds and what the endpoint
 * acknowledged.
 */
import { appendFileSync, rmSync } from 'node:fs';
import type { RxCollection } from 'rxdb';
import { startSync, type SyncHandle } from '../../../src-main/core/sync';
import { canonicalJson } from '../../../src-shared/db/ledger-doc';
import { statusRank, type Referral } from '../../../src-shared/db/referral';
import type { SyncedCollectionName } from '../../../src-shared/db/collections';
import type { WorkspaceSettings } from '../../../src-shared/db/settings';
import { createClientDb, dumpCollection, type ClientDb, type ClientStorage } from './client-db';
import { referral, settings } from './docs';

export type Command =
  | {
      op: 'open';
      name: string;
      storage: ClientStorage;
      dir: string;
      endpoint: string;
      token: string;
      machineId: string;
      streamIdleTimeoutMs?: number;
      /** Bootstrap from the snapshot when this many documents behind (default: the app's). */
      bootstrapThreshold?: number;
      bootstrapBatchSize?: number;
      /** SIGKILL this process once a bootstrap has written this many documents (a kill halfway). */
      killAfterBootstrapped?: number;
      /**
       * Appends `push <collection>/<id>` for every row this process tries to push and `snapshot <url>`
       * for every snapshot read, before sending it: a record that outlives a SIGKILL.
       */
      requestLog?: string;
    }
  | { op: 'insert'; collection: SyncedCollectionName; doc: Record<string, unknown> }
  | { op: 'referral'; id: string; status: Referral['status']; at: number }
  | { op: 'settings'; field: keyof WorkspaceSettings; value: unknown; at: number }
  | { op: 'dump' }
  | { op: 'status' }
  | { op: 'acked' }
  | { op: 'resync' }
  | { op: 'inSync'; timeoutMs: number }
  | { op: 'replayPushes' }
  | { op: 'stalePulls'; count: number }
  | { op: 'replayStream' }
  | { op: 'close' };

export interface FieldWrite {
  field: string;
  value: unknown;
  at: number;
  by: string;
}

let client: ClientDb | null = null;
let sync: SyncHandle | null = null;
let opened: Extract<Command, { op: 'open' }> | null = null;
let machineId = '';

/** Pushes the endpoint answered with 200: collection/id → canonical state it accepted. */
const acked = new Map<string, string>();
const pushLog: { url: string; body: string }[] = [];
/** Stream events seen per collection, and injectors into each open stream, to replay them. */
const streamLog = new Map<string, string[]>();
const injectors = new Map<(text: string) => void, string>();
let stalePulls = 0;

function logRequest(file: string, url: string, init?: RequestInit): void {
  const u = new URL(url);
  const collection = u.pathname.split('/').at(-2)!;
  if (u.pathname.endsWith('/push')) {
    const rows = JSON.parse(String(init?.body)) as { newDocumentState: { id: unknown } }[];
    const lines = rows.map((row) => `push ${collection}/${String(row.newDocumentState.id)}\n`);
    appendFileSync(file, lines.join(''));
  } else if (u.pathname.endsWith('/snapshot') && !u.searchParams.has('count')) {
    appendFileSync(file, `snapshot ${u.pathname}${u.search}\n`);
  }
}

function recordingFetch(): (url: string, init?: RequestInit) => Promise<Response> {
  return async (url, init) => {
    if (url.includes('/pull?') && stalePulls > 0) {
      stalePulls--;
      const u = new URL(url);
      u.searchParams.set('checkpoint', '0');
      url = u.toString();
    }
    if (opened?.requestLog) logRequest(opened.requestLog, url, init);
    const response = await fetch(url, init);
    const path = new URL(url).pathname;
    if (path.endsWith('/push') && response.ok) {
      const body = String(init?.body);
      pushLog.push({ url, body });
      const collection = path.split('/').at(-2)!;
      const text = await response.text();
      // RxDB's conflict array, or with per-document refusals {conflicts, refused}.
      const answer = JSON.parse(text) as
        { id: string }[] | { conflicts: { id: string }[]; refused: { index: number }[] };
      const conflicts = new Set((Array.isArray(answer) ? answer : answer.conflicts).map((d) => d.id));
      const refused = new Set(Array.isArray(answer) ? [] : answer.refused.map((r) => r.index));
      const rows = JSON.parse(body) as { newDocumentState: Record<string, unknown> }[];
      rows.forEach((row, index) => {
        const { _deleted: _, ...fields } = row.newDocumentState;
        if (!conflicts.has(String(fields.id)) && !refused.has(index))
          acked.set(`${collection}/${String(fields.id)}`, canonicalJson(fields));
      });
      return new Response(text, { status: response.status, headers: response.headers });
    }
    if (path.endsWith('/stream') && response.ok && response.body) {
      const name = path.split('/').at(-2)!;
      if (!streamLog.has(name)) streamLog.set(name, []);
      const log = streamLog.get(name)!;
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let inject: (text: string) => void = () => {};
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          inject = (text) => controller.enqueue(new TextEncoder().encode(text));
          injectors.set(inject, name);
        },
        async pull(controller) {
          try {
            const { value, done } = await reader.read();
            if (done) {
              injectors.delete(inject);
              controller.close();
              return;
            }
            const text = decoder.decode(value, { stream: true });
            for (const block of text.split('\n\n')) if (block.startsWith('data: {')) log.push(`${block}\n\n`);
            controller.enqueue(value);
          } catch (error) {
            injectors.delete(inject);
            controller.error(error);
          }
        },
        cancel(reason) {
          injectors.delete(inject);
          return reader.cancel(reason);
        },
      });
      return new Response(body, { status: response.status, headers: response.headers });
    }
    return response;
  };
}

function collection(name: SyncedCollectionName): RxCollection {
  if (!client) throw new Error('client not open');
  return client.collections[name];
}

async function handle(command: Command): Promise<unknown> {
  switch (command.op) {
    case 'open': {
      opened = command;
      machineId = command.machineId;
      acked.clear();
      pushLog.length = 0;
      streamLog.clear();
      client = await createClientDb(command.name, command.storage, command.dir);
      sync = startSync({
        collections: client.collections,
        endpoint: command.endpoint,
        getToken: () => command.token,
        fetch: recordingFetch(),
        streamIdleTimeoutMs: command.streamIdleTimeoutMs ?? 10_000,
        backoff: { initialMs: 100, maxMs: 2000 },
        bootstrapThreshold: command.bootstrapThreshold,
        bootstrapBatchSize: command.bootstrapBatchSize,
      });
      const killAt = command.killAfterBootstrapped;
      if (killAt !== undefined) {
        sync.status$.subscribe((status) => {
          // Right after the batch's checkpoint. Not deferred: with the whole snapshot already received,
          // the remaining batches are written before a deferred kill runs, and nothing is left half done.
          if ((status.bootstrap?.done ?? 0) >= killAt) process.kill(process.pid, 'SIGKILL');
        });
      }
      return null;
    }
    case 'insert': {
      try {
        await collection(command.collection).insert(command.doc);
        return 'written';
      } catch (error) {
        if ((error as { code?: string }).code === 'CONFLICT') return 'exists';
        throw error;
      }
    }
    case 'referral': {
      const col = collection('referrals');
      const existing = await col.findOne(command.id).exec();
      if (!existing) {
        try {
          await col.insert(referral(command.id, command.status, command.at, machineId));
          return 'written';
        } catch (error) {
          if ((error as { code?: string }).code !== 'CONFLICT') throw error;
        }
      }
      const doc = existing ?? (await col.findOne(command.id).exec());
      let changed = false;
      await doc!.incrementalModify((data: Referral) => {
        if (statusRank(command.status) <= statusRank(data.status)) return data;
        changed = true;
        return {
          ...data,
          status: command.status,
          signedUpAt: data.signedUpAt ?? command.at,
          paidAt: command.status === 'paid' ? (data.paidAt ?? command.at) : data.paidAt,
          updatedAt: Math.max(data.updatedAt, command.at),
          machineId,
        };
      });
      return changed ? 'written' : 'unchanged';
    }
    case 'settings': {
      const col = collection('settings');
      const writes: FieldWrite[] = [];
      const existing = await col.findOne('workspace').exec();
      if (!existing) {
        const doc = settings(machineId, command.at, { [command.field]: command.value });
        try {
          await col.insert(doc);
          for (const [field, clock] of Object.entries(doc.fieldClock)) {
            writes.push({
              field,
              value: (doc as Record<string, unknown>)[field],
              at: clock.at,
              by: clock.by,
            });
          }
          return writes;
        } catch (error) {
          if ((error as { code?: string }).code !== 'CONFLICT') throw error;
        }
      }
      const doc = existing ?? (await col.findOne('workspace').exec());
      await doc!.incrementalModify((data: WorkspaceSettings) => ({
        ...data,
        [command.field]: command.value,
        fieldClock: { ...data.fieldClock, [command.field]: { at: command.at, by: machineId } },
      }));
      return [{ field: command.field, value: command.value, at: command.at, by: machineId }];
    }
    case 'dump': {
      const out: Record<string, Record<string, unknown>[]> = {};
      for (const name of Object.keys(client!.collections) as SyncedCollectionName[]) {
        out[name] = await dumpCollection(collection(name));
      }
      return out;
    }
    case 'status':
      return sync?.status ?? null;
    case 'acked':
      return [...acked.entries()];
    case 'resync':
      sync?.resync();
      return null;
    case 'inSync': {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<'timeout'>(
        (resolve) => (timer = setTimeout(() => resolve('timeout'), command.timeoutMs)),
      );
      const result = await Promise.race([sync!.awaitInSync().then(() => 'ok' as const), timeout]);
      clearTimeout(timer);
      return result;
    }
    case 'replayPushes': {
      let replayed = 0;
      for (const { url, body } of pushLog) {
        const response = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${opened!.token}`, 'content-type': 'application/json' },
          body,
        });
        await response.text();
        if (!response.ok) throw new Error(`replayed push answered ${response.status}`);
        replayed++;
      }
      return replayed;
    }
    case 'stalePulls':
      stalePulls = command.count;
      sync?.resync();
      return null;
    case 'replayStream': {
      let replayed = 0;
      for (const [inject, name] of injectors) {
        // Oldest last: without protection an old master state would be the one left standing.
        for (const event of [...(streamLog.get(name) ?? [])].reverse()) {
          inject(event);
          replayed++;
        }
      }
      return replayed;
    }
    case 'close': {
      await sync?.stop();
      await client?.db.close();
      if (opened?.storage === 'sqlite') rmSync(opened.dir, { recursive: true, force: true });
      sync = null;
      client = null;
      return null;
    }
  }
}

process.on('message', (message: { id: number; command: Command }) => {
  handle(message.command).then(
    (result) => process.send!({ id: message.id, result }),
    (error: unknown) => process.send!({ id: message.id, error: (error as Error).stack ?? String(error) }),
  );
});
// Never outlive the test run that started us.
process.on('disconnect', () => process.exit(0));
process.send!({ ready: true });
