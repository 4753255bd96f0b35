import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../src-main/core/app';
import { fileSecretStore } from '../../src-main/core/secrets';
import { openDatabase } from '../../src-main/core/db/open-database';
import { createStorage } from '../../src-main/core/db/storage';
import { fromLedgerDoc } from '../../src-shared/db/ledger-doc';
import type { LedgerEntry } from '../../src-shared/ledger';
import type { MethodName, MethodInput, MethodOutput } from '../../src-shared/api';

export interface TestCore {
  core: Core;
  dataDir: string;
  clock: { now: number };
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** The raw envelope, for calls expected to fail. */
  raw(method: unknown, input: unknown): ReturnType<Core['dispatch']>;
  close(): Promise<void>;
}

export type StoredDatabase = Awaited<ReturnType<typeof openDatabase>>;

/**
 * Changes a closed app's stored data as a sync pull or another tool would while it is not running
 * (the app's own database, opened directly).
 */
export async function changeStored(
  dataDir: string,
  change: (db: StoredDatabase) => Promise<unknown>,
): Promise<void> {
  const db = await openDatabase({ storage: createStorage(join(dataDir, 'db')) });
  try {
    await change(db);
  } finally {
    await db.close();
  }
}

/** Every entry the core's storage holds. */
export async function storedEntries(core: Core): Promise<LedgerEntry[]> {
  const docs = await core.context.db.ledger.find().exec();
  return docs.map((d) => fromLedgerDoc(d.toMutableJSON()));
}

/** Calls a method on a core and returns its value; a failed call throws with its code and message. */
export async function callOn<M extends MethodName>(
  core: Core,
  method: M,
  input: MethodInput<M>,
): Promise<MethodOutput<M>> {
  const envelope = await core.dispatch(method, input, { transport: 'test' });
  if (!envelope.ok) throw new Error(`${method} failed: ${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as never;
}

/** A real core on a real SQLite file in a fresh temp folder, with a controllable clock. */
export async function openTestCore(
  start = Date.UTC(2026, 10, 15, 12),
  options: Partial<CoreOptions> = {},
): Promise<TestCore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'creditdesk-core-'));
  const clock = { now: start };
  const core = await createCore({
    dataDir,
    mode: 'web',
    secretStore: fileSecretStore(dataDir),
    now: () => clock.now,
    devMode: true,
    ...options,
  });
  const fixture: TestCore = {
    core,
    dataDir,
    clock,
    call: (method, input) => callOn(core, method, input),
    raw: (method, input) => core.dispatch(method, input, { transport: 'test' }),
    async close() {
      // The core a test reopened and put in `core` too: left open, its ledger would go on writing
      // into the folder removed here, after the test file ended.
      if (fixture.core !== core) await fixture.core.close();
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return fixture;
}
