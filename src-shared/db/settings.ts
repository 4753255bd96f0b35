import { z } from 'zod';
import { MAX_PLAN_CHANGES, mergePlan, planChangeSchema } from './plan';
import { machineNamesSchema, mergeMachineNames } from './machine-names';

/** Workspace settings shared by the team; each field merges last-writer-wins on its own timestamp. */
export const workspaceSettingsFields = {
  tierId: z.string().min(1).max(100),
  anchorDay: z.number().int().min(1).max(31),
  labelCount: z.number().int().min(0).max(1_000_000),
  autoDraftAll: z.boolean(),
  chatbotModel: z.string().min(1).max(100),
  /** Percentages of the cycle's monthly credits used that raise an alert, e.g. [50, 80, 100]. */
  alertThresholds: z.array(z.number().int().min(1).max(100)).max(10),
  /** The rate-card version new usage is priced with. */
  rateCardVersion: z.string().min(1).max(100),
};

export type SettingsField = keyof typeof workspaceSettingsFields;
export const SETTINGS_FIELDS = Object.keys(workspaceSettingsFields) as SettingsField[];

export const workspaceSettingsSchema = z.strictObject({
  id: z.literal('workspace'),
  ...workspaceSettingsFields,
  /** When each field was last written (epoch ms) and by which machine, for per-field LWW. */
  fieldClock: z.record(z.string(), z.strictObject({ at: z.number().int().min(0), by: z.string().max(64) })),
  /**
   * Every tier and anchor-day change, a set that merges by union: the plan timeline. Absent in
   * documents written before the timeline existed (their plan is `tierId`/`anchorDay` since ever).
   */
  plan: z.array(planChangeSchema).max(MAX_PLAN_CHANGES).optional(),
  /** Readable machine names, merged per machine id (see mergeMachineNames). Absent before v2. */
  machineNames: machineNamesSchema.optional(),
});
export type WorkspaceSettings = z.infer<typeof workspaceSettingsSchema>;

export const settingsPatchSchema = z.strictObject(workspaceSettingsFields).partial();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

const later = (a: { at: number; by: string } | undefined, b: { at: number; by: string } | undefined) =>
  !a ? true : !b ? false : b.at > a.at || (b.at === a.at && b.by > a.by);

/**
 * Per-field last-writer-wins merge (ties break on machine id so every machine picks the same
 * winner); plan changes merge as a set union; machine names merge per machine id.
 */
export function mergeSettings(a: WorkspaceSettings, b: WorkspaceSettings): WorkspaceSettings {
  const merged: WorkspaceSettings = { ...a, fieldClock: { ...a.fieldClock } };
  if (a.plan !== undefined || b.plan !== undefined) merged.plan = mergePlan(a.plan ?? [], b.plan ?? []);
  if (a.machineNames !== undefined || b.machineNames !== undefined)
    merged.machineNames = mergeMachineNames(a.machineNames, b.machineNames);
  for (const field of SETTINGS_FIELDS) {
    const clockB = b.fieldClock[field];
    if (later(a.fieldClock[field], clockB) && clockB) {
      (merged as Record<string, unknown>)[field] = b[field];
      merged.fieldClock[field] = clockB;
    }
  }
  return merged;
}
