import { z } from 'zod';

/** A threshold alert; the id `alert:<cycleStart>:<threshold>` makes it fire once per cycle team-wide. */
export const alertSchema = z.strictObject({
  id: z.string().min(1).max(100),
  cycleStart: z.number().int().min(0),
  threshold: z.number().int().min(1).max(100),
  triggeredAt: z.number().int().min(0),
  usedMillicredits: z.number().int(),
  grantMillicredits: z.number().int().min(0),
  machineId: z.string().min(1).max(64),
});
export type Alert = z.infer<typeof alertSchema>;
export const alertId = (cycleStart: number, threshold: number) => `alert:${cycleStart}:${threshold}`;
