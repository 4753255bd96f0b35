import { z } from 'zod';

const millis = z.number().int().min(0).max(8_640_000_000_000_000);

/**
 * A plan change: an admin chose a tier and/or an anchor day at `decidedAt`. Immutable; synced as
 * the `plan` list of the workspace settings document, which merges as a set union by id (see
 * mergePlan), so the team's plan timeline holds every machine's changes and every machine derives
 * the same monthly grants from it (src-shared/ledger/plan-timeline.ts). A field left null is not
 * changed by this fact. (A collection of its own would exceed RxDB's open-collection limit when two
 * desktop cores share a process.)
 */
export const planChangeSchema = z
  .strictObject({
    id: z.string().min(1).max(100),
    decidedAt: millis,
    tierId: z.string().min(1).max(100).nullable(),
    anchorDay: z.number().int().min(1).max(31).nullable(),
    machineId: z.string().min(1).max(64),
  })
  .refine((fact) => fact.tierId !== null || fact.anchorDay !== null, 'a plan change changes something');
export type PlanChange = z.infer<typeof planChangeSchema>;

/**
 * The plan as it was before the first change anyone recorded, written with that first change
 * (decidedAt 0, so it sorts first). Deterministic id: every machine that was in step writes the
 * same document.
 */
export const PLAN_BASELINE_ID = 'plan:baseline';

/** At most this many plan changes are kept; beyond it an admin is changing the plan by script. */
export const MAX_PLAN_CHANGES = 2000;

const compareFacts = (a: PlanChange, b: PlanChange) =>
  a.decidedAt !== b.decidedAt ? a.decidedAt - b.decidedAt : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * The union of two plan-change lists by id, in (decidedAt, id) order. Facts are immutable, so a
 * copy under a known id is the same fact; should two differ, the earlier-sorting copy is kept,
 * which keeps the union commutative, associative and idempotent (a safe replication merge).
 */
export function mergePlan(a: readonly PlanChange[], b: readonly PlanChange[]): PlanChange[] {
  const byId = new Map<string, PlanChange>();
  for (const fact of [...a, ...b]) {
    const held = byId.get(fact.id);
    if (
      held === undefined ||
      compareFacts(fact, held) < 0 ||
      (compareFacts(fact, held) === 0 && JSON.stringify(fact) < JSON.stringify(held))
    )
      byId.set(fact.id, fact);
  }
  return [...byId.values()].sort(compareFacts);
}

/** Whether `after` lost a plan change `before` had (the endpoint refuses such a push). */
export function planRegresses(before: readonly PlanChange[], after: readonly PlanChange[]): boolean {
  const kept = new Set(after.map((fact) => fact.id));
  return before.some((fact) => !kept.has(fact.id));
}
