import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-file';

const machineSchema = z.object({
  machineId: z.string().regex(/^[a-z0-9-]{4,64}$/),
  createdAt: z.number().int().min(0),
  syncEndpoint: z.string().max(2048).nullable().default(null),
  /** Hosting the endpoint, as last set from the console: restored at start-up. */
  hosting: z
    .object({
      enabled: z.boolean(),
      reach: z.enum(['loopback', 'lan']).default('loopback'),
      port: z.number().int().min(0).max(65535),
    })
    .nullable()
    .default(null),
  /** The last successful exchange with the endpoint, so "last synced" survives a restart. */
  lastSyncAt: z.number().int().min(0).nullable().default(null),
});
export type MachineState = z.infer<typeof machineSchema>;

/**
 * This machine's identity and local-only preferences (not synced): its id, stamped on every entry it
 * records, and the sync endpoint it talks to. A corrupt file is kept aside, not silently overwritten.
 */
export class MachineStore {
  private state: MachineState;
  private readonly path: string;

  constructor(
    dataDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.path = join(dataDir, 'machine.json');
    this.state = this.load();
  }

  get current(): MachineState {
    return this.state;
  }

  update(patch: Partial<Omit<MachineState, 'machineId' | 'createdAt'>>): MachineState {
    const next = { ...this.state, ...patch };
    writeFileAtomic(this.path, JSON.stringify(next, null, 2));
    this.state = next;
    return next;
  }

  private load(): MachineState {
    let text: string | null = null;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (text !== null) {
      try {
        return machineSchema.parse(JSON.parse(text));
      } catch {
        renameSync(this.path, `${this.path}.corrupt-${this.now()}`);
      }
    }
    const fresh: MachineState = {
      machineId: `m-${randomBytes(6).toString('hex')}`,
      createdAt: this.now(),
      syncEndpoint: null,
      hosting: null,
      lastSyncAt: null,
    };
    writeFileAtomic(this.path, JSON.stringify(fresh, null, 2));
    return fresh;
  }
}
