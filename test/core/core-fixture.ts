import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../src-main/core/app';
import { fileSecretStore } from '../../src-main/core/secrets';
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
  return {
    core,
    dataDir,
    clock,
    async call(method, input) {
      const envelope = await core.dispatch(method, input, { transport: 'test' });
      if (!envelope.ok)
        throw new Error(`${method} failed: ${envelope.error.code}: ${envelope.error.message}`);
      return envelope.value as never;
    },
    raw: (method, input) => core.dispatch(method, input, { transport: 'test' }),
    async close() {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
