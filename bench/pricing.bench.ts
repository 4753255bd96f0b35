/**
 * Pricing throughput: priceAction over a realistic mix of actions, next to a plain loop that sums
 * the same prices precomputed (the cost floor of touching each action once).
 */
import { bestOf, printTable, sized } from './harness';
import {
  DEFAULT_RATE_CARD,
  parseAction,
  priceAction,
  recommendBundles,
  type Action,
} from '../src-shared/pricing';

function mix(n: number): Action[] {
  const shapes: Action[] = [
    { kind: 'ai_reply' },
    { kind: 'ai_reply', autoDraftAll: true, conversationMessages: 4 },
    { kind: 'ai_reply', autoDraftAll: true, conversationMessages: 27 },
    { kind: 'ai_label', labelCount: 40 },
    { kind: 'ai_label', labelCount: 320 },
    { kind: 'ai_prioritize' },
    { kind: 'chatbot_message', model: 'gpt-4o-mini' },
    { kind: 'chatbot_message', model: 'gpt-4.1-mini', contextTokens: 12_000 },
    { kind: 'kb_article', count: 3 },
    { kind: 'website_crawl', origin: 'https://example.com' },
    { kind: 'page_scrape', chars: 12_345 },
    { kind: 'document', chars: 250_001 },
    { kind: 'conversation_embedding', count: 7 },
  ];
  // Distinct objects with varying numbers, as decoded events would be.
  return Array.from({ length: n }, (_, i) => {
    const shape = shapes[i % shapes.length]!;
    const copy = { ...shape } as Record<string, unknown>;
    if ('count' in copy) copy.count = 1 + (i % 50);
    if ('chars' in copy) copy.chars = (i * 7919) % 400_000;
    if ('conversationMessages' in copy) copy.conversationMessages = i % 40;
    return copy as Action;
  });
}

export default async function run(): Promise<void> {
  const distinct = mix(100_000);
  const calls = sized(300_000, 3_000_000);
  const amounts = Float64Array.from(distinct, (a) => priceAction(a).millicredits);
  let sink = 0;

  const baselineMs = await bestOf(3, () => {
    let sum = 0;
    for (let i = 0; i < calls; i++) sum += amounts[i % amounts.length]!;
    sink += sum;
  });
  // Touches each action object once and looks a price up by kind: the floor for any per-action work.
  const byKind: Record<string, number> = Object.fromEntries(distinct.map((a, i) => [a.kind, amounts[i]!]));
  const lookupMs = await bestOf(3, () => {
    let sum = 0;
    for (let i = 0; i < calls; i++) sum += byKind[distinct[i % distinct.length]!.kind]!;
    sink += sum;
  });
  const priceMs = await bestOf(3, () => {
    let sum = 0;
    for (let i = 0; i < calls; i++)
      sum += priceAction(distinct[i % distinct.length]!, DEFAULT_RATE_CARD).millicredits;
    sink += sum;
  });
  const parseCalls = Math.floor(calls / 10);
  const parseMs = await bestOf(3, () => {
    let sum = 0;
    for (let i = 0; i < parseCalls; i++)
      sum += priceAction(parseAction(distinct[i % distinct.length])).millicredits;
    sink += sum;
  });
  const planNeeds = sized(2_000, 20_000);
  const planMs = await bestOf(3, () => {
    for (let i = 0; i < planNeeds; i++) sink += recommendBundles(i * 1_234_567).totalPriceMinor;
  });
  if (sink === 42) console.log('');

  const perSecond = (n: number, ms: number) => (n / ms) * 1000;
  printTable('Pricing', [
    {
      name: 'sum of precomputed prices',
      value: perSecond(calls, baselineMs),
      unit: 'actions/s',
      better: 'higher',
    },
    {
      name: 'read kind + table lookup',
      value: perSecond(calls, lookupMs),
      unit: 'actions/s',
      baseline: 'sum of precomputed prices',
      better: 'higher',
    },
    {
      name: 'priceAction',
      value: perSecond(calls, priceMs),
      unit: 'actions/s',
      baseline: 'read kind + table lookup',
      better: 'higher',
      goal: '≥ 1,000,000/s',
      note: `${calls.toLocaleString('en-US')} calls, 13 shapes`,
    },
    {
      name: 'parseAction + priceAction',
      value: perSecond(parseCalls, parseMs),
      unit: 'actions/s',
      baseline: 'read kind + table lookup',
      better: 'higher',
      note: 'zod validation at the edge',
    },
    {
      name: 'recommendBundles',
      value: perSecond(planNeeds, planMs),
      unit: 'plans/s',
      better: 'higher',
      note: 'needs up to ~25M credits, exact optimum',
    },
  ]);
}
