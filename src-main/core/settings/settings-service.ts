import type { RxCollection } from 'rxdb';
import {
  SETTINGS_FIELDS,
  settingsPatchSchema,
  type SettingsPatch,
  type WorkspaceSettings,
} from '../../../src-shared/db/settings';
import { DEFAULT_RATE_CARD, findTier, type RateCard } from '../../../src-shared/pricing';
import { ApiError } from '../../../src-shared/api/errors';
import type { SettingsView } from '../../../src-shared/api/views';
import type { RateCards } from './rate-cards';

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

  async get(): Promise<WorkspaceSettings> {
    const doc = await this.collection.findOne(SETTINGS_ID).exec();
    return doc ? (doc.toMutableJSON() as WorkspaceSettings) : defaultSettings();
  }

  async card(): Promise<RateCard> {
    return this.rateCards.get((await this.get()).rateCardVersion);
  }

  /** Applies a patch after checking it against the active (or newly chosen) rate card. */
  async update(rawPatch: SettingsPatch): Promise<WorkspaceSettings> {
    const patch = settingsPatchSchema.parse(rawPatch);
    const current = await this.get();
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
}
