import { z } from 'zod';
import { actionSchema, type Action } from '../pricing/actions';
import type { SettingsView } from './settings';

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * Usage as the UI and imports describe it: the workspace-dependent inputs (label count, auto-draft,
 * chatbot model) may be left out and are then taken from the workspace settings at recording time.
 * That is how a settings change re-prices new usage while recorded entries keep their own inputs.
 */
export const usageRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('ai_reply'),
    autoDraftAll: z.boolean().optional(),
    conversationMessages: count.optional(),
  }),
  z.strictObject({ kind: z.literal('ai_label'), labelCount: count.optional() }),
  z.strictObject({ kind: z.literal('ai_prioritize') }),
  z.strictObject({
    kind: z.literal('chatbot_message'),
    model: z.string().min(1).max(100).optional(),
    contextTokens: count.optional(),
  }),
  ...actionSchema.options.filter(
    (o) => !['ai_reply', 'ai_label', 'ai_prioritize', 'chatbot_message'].includes(o.shape.kind.value),
  ),
]);
export type UsageRequest = z.infer<typeof usageRequestSchema>;

type WorkspaceDefaults = Pick<SettingsView, 'labelCount' | 'autoDraftAll' | 'chatbotModel'>;

/** Completes a usage request with the workspace's current settings. */
export function completeAction(request: UsageRequest, settings: WorkspaceDefaults): Action {
  switch (request.kind) {
    case 'ai_reply':
      return { ...request, autoDraftAll: request.autoDraftAll ?? settings.autoDraftAll };
    case 'ai_label':
      return { ...request, labelCount: request.labelCount ?? settings.labelCount };
    case 'chatbot_message':
      return { ...request, model: request.model ?? settings.chatbotModel };
    default:
      return request;
  }
}
