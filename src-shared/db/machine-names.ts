import { z } from 'zod';

export const MACHINE_NAME_MAX = 60;

/** A readable machine name: trimmed, 1–60 characters. */
export const machineNameSchema = z
  .string()
  .trim()
  .min(1, 'A machine name cannot be empty; type a name such as "Front desk laptop".')
  .max(MACHINE_NAME_MAX, `A machine name has at most ${MACHINE_NAME_MAX} characters; shorten it.`);

/** One machine's name with the stamp of the rename that set it (epoch ms, renaming machine). */
export const machineNameEntrySchema = z.strictObject({
  name: z.string().min(1).max(MACHINE_NAME_MAX),
  at: z.number().int().min(0),
  by: z.string().min(1).max(64),
});
export type MachineNameEntry = z.infer<typeof machineNameEntrySchema>;

/** Names keyed by machine id; each key is its own last-writer-wins register. */
export const machineNamesSchema = z
  .record(z.string().min(1).max(64), machineNameEntrySchema)
  .refine((m) => Object.keys(m).length <= 1000, 'At most 1,000 named machines.');
export type MachineNames = Record<string, MachineNameEntry>;

const newer = (a: MachineNameEntry, b: MachineNameEntry) =>
  b.at > a.at || (b.at === a.at && (b.by > a.by || (b.by === a.by && b.name > a.name)));

/**
 * Merges two name maps key by key, keeping the rename with the later (at, by, name) stamp. The rule
 * is commutative, associative and idempotent, so every machine converges whatever order renames
 * arrive in; a single map field under per-field LWW would drop one of two concurrent renames.
 */
export function mergeMachineNames(a: MachineNames = {}, b: MachineNames = {}): MachineNames {
  const merged: MachineNames = { ...a };
  for (const [id, entry] of Object.entries(b)) {
    const mine = merged[id];
    if (!mine || newer(mine, entry)) merged[id] = entry;
  }
  return merged;
}

/**
 * Whether a write would lose a rename the stored map holds (a key dropped or an older stamp): an
 * older client that does not know the field must merge on its side instead of erasing the names.
 */
export function machineNamesRegress(before: MachineNames = {}, after: MachineNames = {}): boolean {
  return Object.entries(before).some(([id, entry]) => {
    const next = after[id];
    return !next || newer(next, entry);
  });
}

/** The plain id → name lookup the ledger views use. */
export const nameLookup = (names: MachineNames = {}): Map<string, string> =>
  new Map(Object.entries(names).map(([id, e]) => [id, e.name]));
