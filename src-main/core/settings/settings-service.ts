import type { RxCollection } from 'rxdb';
import {
  SETTINGS_FIELDS,
  settingsPatchSchema,
  type SettingsPatch,
  type WorkspaceSettings,
} from '../../../src-shared/db/settings';
import { DEFAULT_RATE_CARD, findTier, type RateCard } from '../../../src-shared/pricing';
import { PLAN_BASELINE_ID, mergePlan, type PlanChange } from '../../../src-shared/db/plan';
import { DAY_MS, isoDate, planTimelineOf, type PlanTimeline } from '../../../src-shared/ledger';
import { formatCredits } from '../../../src-shared/units';
import { ApiError } from '../../../src-shared/api/errors';
import type { SettingsView } from '../../../src-shared/api/views';
import type { RateCards } from './rate-cards';
import {
  machineNameSchema,
  mergeMachineNames,
  type MachineNames,
} from '../../../src-shared/db/machine-names';

export const SETTINGS_ID = 'workspace';

/**
 * Defaults carry a zero clock: any setting a person actually chose, on any machine, wins over them
 * when the per-field last-writer-wins merge runs.
 */
export function defaultSettings(): WorkspaceSettings {
  return {
    id: SETTINGS_ID,
    tierId: DEFAULT_RATE_CARD.tiers[0]!.id,
    anchorDay: 1,
    labelCount: 20,
    autoDraftAll: false,
    chatbotModel: Object.keys(DEFAULT_RATE_CARD.actions.chatbot_message.models)[0]!,
    alertThresholds: [50, 80, 100],
    rateCardVersion: DEFAULT_RATE_CARD.version,
    fieldClock: {},
  };
}

export function toSettingsView(s: WorkspaceSettings): SettingsView {
  const { tierId, anchorDay, labelCount, autoDraftAll, chatbotModel, alertThresholds, rateCardVersion } = s;
  return { tierId, anchorDay, labelCount, autoDraftAll, chatbotModel, alertThresholds, rateCardVersion };
}

export class SettingsService {
  constructor(
    private readonly collection: RxCollection<WorkspaceSettings>,
    private readonly rateCards: RateCards,
    private readonly machineId: string,
    private readonly now: () => number,
  ) {}

  async ensureDefaults(): Promise<void> {
    if (!(await this.collection.findOne(SETTINGS_ID).exec())) {
      await this.collection.insert(defaultSettings()).catch((error: { status?: number }) => {
        // Another writer (a sync pull) got there first; its copy is the better one.
        if (error?.status !== 409 && !String(error).includes('CONFLICT')) throw error;
      });
    }
  }

  /** The stored document: `tierId` and `anchorDay` as last decided (they may not be in effect yet). */
  async stored(): Promise<WorkspaceSettings> {
    const doc = await this.collection.findOne(SETTINGS_ID).exec();
    return doc ? (doc.toMutableJSON() as WorkspaceSettings) : defaultSettings();
  }

  /**
   * The settings in force now: `anchorDay` is the one whose schedule the current cycle follows
   * (a changed anchor day waits for the cycle's end), so cycles computed from it are the plan
   * timeline's. `tierId` is the tier last decided (what new grants and Settings show).
   */
  async get(): Promise<WorkspaceSettings> {
    const stored = await this.stored();
    const timeline = planTimelineOf(stored, await this.rateCards.get(stored.rateCardVersion));
    return { ...stored, anchorDay: timeline.cycleAt(this.now()).anchorDay };
  }

  /** What Settings shows: the plan as last decided, and what of it waits for a later cycle. */
  async view(): Promise<SettingsView> {
    const stored = await this.stored();
    const timeline = planTimelineOf(stored, await this.rateCards.get(stored.rateCardVersion));
    const now = this.now();
    const decided = timeline.current(Number.MAX_SAFE_INTEGER);
    const current = timeline.cycleAt(now);
    const next = timeline.cycleAt(current.end);
    const scheduled: string[] = [];
    if (next.anchorDay !== current.anchorDay) {
      scheduled.push(
        next.transition
          ? `Anchor day ${next.anchorDay} from ${isoDate(next.end)}; this cycle ends ${isoDate(current.end)} as before, then a ${Math.round((next.end - next.start) / DAY_MS)}-day transition cycle with ${formatCredits(next.allowance)} monthly credits (pro rata).`
          : `Anchor day ${next.anchorDay} from ${isoDate(next.start)}.`,
      );
    }
    const currentTop = [current.tierId, ...current.raises.map((r) => r.tierId)].at(-1)!;
    if (next.tierId !== currentTop) {
      scheduled.push(
        `Tier ${next.tierId} from ${isoDate(next.start)}; this cycle keeps its ${formatCredits(current.allowance)} monthly credits.`,
      );
    }
    return { ...toSettingsView(stored), ...decided, scheduled };
  }

  /** The team's plan timeline under the active rate card. */
  async timeline(): Promise<PlanTimeline> {
    const stored = await this.stored();
    return planTimelineOf(stored, await this.rateCards.get(stored.rateCardVersion));
  }

  async card(): Promise<RateCard> {
    return this.rateCards.get((await this.get()).rateCardVersion);
  }

  /** Applies a patch after checking it against the active (or newly chosen) rate card. */
  async update(rawPatch: SettingsPatch): Promise<WorkspaceSettings> {
    const patch = settingsPatchSchema.parse(rawPatch);
    const current = await this.stored();
    const card = await this.rateCards.get(patch.rateCardVersion ?? current.rateCardVersion);
    const tierId = patch.tierId ?? current.tierId;
    try {
      findTier(card, tierId);
    } catch {
      throw new ApiError(
        'bad_request',
        `Tier "${tierId}" is not on rate card ${card.version}; pick one of ${card.tiers.map((t) => t.id).join(', ')}.`,
      );
    }
    const model = patch.chatbotModel ?? current.chatbotModel;
    if (!card.actions.chatbot_message.models[model]) {
      throw new ApiError(
        'bad_request',
        `Chatbot model "${model}" has no price on rate card ${card.version}.`,
      );
    }
    if (patch.alertThresholds)
      patch.alertThresholds = [...new Set(patch.alertThresholds)].sort((a, b) => a - b);
    const at = this.now();
    const doc = await this.collection.findOne(SETTINGS_ID).exec();
    const apply = (base: WorkspaceSettings): WorkspaceSettings => {
      const next: WorkspaceSettings = { ...base, fieldClock: { ...base.fieldClock } };
      const change = this.planChange(base, patch, at);
      if (change) next.plan = mergePlan(base.plan ?? [], change);
      for (const field of SETTINGS_FIELDS) {
        if (patch[field] === undefined) continue;
        (next as Record<string, unknown>)[field] = patch[field];
        next.fieldClock[field] = { at, by: this.machineId };
      }
      return next;
    };
    if (!doc) {
      await this.collection.insert(apply(defaultSettings()));
    } else {
      await doc.incrementalModify((data) => apply(data as WorkspaceSettings));
    }
    return this.get();
  }

  /** Readable names of the team's machines (this one's and others'), as merged by sync. */
  async machineNames(): Promise<MachineNames> {
    return (await this.stored()).machineNames ?? {};
  }

  /**
   * Names a machine for the whole team. The rename is stamped (now, this machine) so concurrent
   * renames on several machines settle on the same winner everywhere.
   */
  async renameMachine(machineId: string, rawName: string): Promise<MachineNames> {
    const parsed = machineNameSchema.safeParse(rawName);
    if (!parsed.success) throw new ApiError('bad_request', parsed.error.issues[0]!.message);
    const apply = (base: WorkspaceSettings): WorkspaceSettings => {
      // A rename beats the name it replaces even within one millisecond or behind a fast clock
      // elsewhere: what the user saw before renaming must not win the merge.
      const seen = base.machineNames?.[machineId]?.at ?? -1;
      const entry = { name: parsed.data, at: Math.max(this.now(), seen + 1), by: this.machineId };
      return { ...base, machineNames: mergeMachineNames(base.machineNames, { [machineId]: entry }) };
    };
    const doc = await this.collection.findOne(SETTINGS_ID).exec();
    if (!doc) await this.collection.insert(apply(defaultSettings()));
    else await doc.incrementalModify((data) => apply(data as WorkspaceSettings));
    return this.machineNames();
  }

  /**
   * The plan facts a patch adds: a tier or anchor day other than the one last decided. The first
   * change anyone records also writes the plan as it was (the baseline), so the timeline keeps the
   * past; settings changes never add credits by themselves (the timeline decides what a cycle gets).
   */
  private planChange(base: WorkspaceSettings, patch: SettingsPatch, at: number): PlanChange[] | null {
    const timeline = planTimelineOf(base, DEFAULT_RATE_CARD);
    const decided = timeline.current(Number.MAX_SAFE_INTEGER);
    const tierId = patch.tierId !== undefined && patch.tierId !== decided.tierId ? patch.tierId : null;
    const anchorDay =
      patch.anchorDay !== undefined && patch.anchorDay !== decided.anchorDay ? patch.anchorDay : null;
    if (tierId === null && anchorDay === null) return null;
    const facts: PlanChange[] = [];
    if ((base.plan ?? []).length === 0) {
      facts.push({
        id: PLAN_BASELINE_ID,
        decidedAt: 0,
        tierId: base.tierId,
        anchorDay: base.anchorDay,
        machineId: this.machineId,
      });
    }
    // Facts apply in (decidedAt, id) order: a per-machine sequence number keeps two changes made in
    // the same millisecond in the order they were made.
    const mine = (base.plan ?? []).filter((fact) => fact.machineId === this.machineId).length;
    const id = `plan:${at}:${this.machineId}:${String(mine).padStart(6, '0')}`;
    facts.push({ id, decidedAt: at, tierId, anchorDay, machineId: this.machineId });
    return facts;
  }
}
