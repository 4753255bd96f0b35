import { usageEntryFor } from '../../../src-shared/ledger/usage-entry';
import { DEFAULT_RATE_CARD } from '../../../src-shared/pricing/default-rate-card';
import type { UsageEntry } from '../../../src-shared/ledger/entry';
import type { UsageRequest } from '../../../src-shared/api/usage-request';

/**
 * Generated usage for tests and benchmarks: pure, so a test can compute what a filter should match
 * without touching the database.
 */

/** Requests cycled through by generated usage: a mix of the help page's actions. */
const MIX: UsageRequest[] = [
  { kind: 'ai_reply', conversationMessages: 6 },
  { kind: 'ai_label' },
  { kind: 'chatbot_message' },
  { kind: 'ai_reply', conversationMessages: 24 },
  { kind: 'ai_prioritize' },
  { kind: 'conversation_embedding' },
  { kind: 'kb_article' },
  { kind: 'chatbot_message', model: 'gpt-4.1-mini', contextTokens: 9000 },
];

const SETTINGS = { labelCount: 20, autoDraftAll: false, chatbotModel: 'gpt-4o-mini' };

export interface UsageBatchSpec {
  /** How many usage entries. */
  count: number;
  /** Spread evenly over [from, to). */
  from: number;
  to: number;
  machineId: string;
  /** Event ids are `${prefix}-${n}`, so two batches never collide. */
  prefix: string;
  /** Restrict to some requests of the mix (default: all). */
  requests?: UsageRequest[];
}

/** Usage entries priced exactly as recordUsage would price them with default settings. */
export function generateUsage(spec: UsageBatchSpec, offset = 0, limit = spec.count): UsageEntry[] {
  const requests = spec.requests ?? MIX;
  const step = (spec.to - spec.from) / spec.count;
  const out: UsageEntry[] = [];
  for (let n = offset; n < Math.min(spec.count, offset + limit); n++) {
    const occurredAt = Math.floor(spec.from + n * step);
    out.push(
      usageEntryFor(
        {
          sourceEventId: `${spec.prefix}-${n}`,
          occurredAt,
          request: requests[n % requests.length]!,
          source: 'helpdesk',
        },
        SETTINGS,
        DEFAULT_RATE_CARD,
        { machineId: spec.machineId, recordedAt: occurredAt },
      ),
    );
  }
  return out;
}
