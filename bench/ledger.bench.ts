/**
 * Balance of a generated ledger (1,000,000 entries at full scale, ~2 years): a cold full replay
 * and a warm query through LedgerBook's per-cycle snapshots, each next to a plain loop that sums
 * the same entries' amounts in the same run (the floor for touching every entry once).
 */
import { bestOf, printTable, sized } from './harness';
import {
  compareEntries,
  computeBalance,
  cycleFor,
  LedgerBook,
  listEntries,
  type LedgerEntry,
} from '../src-shared/ledger';

const DAY = 86_400_000;
const ANCHOR = 15;
const KINDS = ['ai_reply', 'ai_label', 'chatbot_message', 'kb_article', 'conversation_embedding'] as const;

/** A small deterministic PRNG so every run measures the same ledger. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateLedger(count: number, start = Date.UTC(2024, 0, 1), days = 730): LedgerEntry[] {
  const random = rng(7);
  const end = start + days * DAY;
  const step = (end - start) / count;
  // Literal fields, not `...base`: spreading then adding a dozen keys is pathologically slow in V8.
  const recordedAt = start;
  const machineId = 'bench';
  const entries: LedgerEntry[] = [];
  // Monthly grants are pushed as time reaches each cycle start, so entries come out in replay order.
  let cycle = cycleFor(ANCHOR, start);
  const grantMonthly = () => {
    entries.push({
      recordedAt,
      machineId,
      id: `grant:monthly:${cycle.start}`,
      kind: 'grant',
      bucket: 'monthly',
      amount: 120_000_000,
      tierId: 'pro',
      cycleStart: cycle.start,
      expiresAt: cycle.end,
      occurredAt: cycle.start,
    });
    cycle = cycleFor(ANCHOR, cycle.end);
  };
  grantMonthly();
  let t = start;
  let n = 0;
  while (entries.length < count) {
    t = Math.min(end - 1, Math.floor(start + n * step));
    n++;
    while (cycle.start <= t) grantMonthly();
    const r = random();
    if (r < 0.00005) {
      entries.push({
        recordedAt,
        machineId,
        id: `grant:bundle:p${n}`,
        kind: 'grant',
        bucket: 'bundle',
        amount: 10_000_000,
        bundleId: 'b10k',
        purchaseId: `p${n}`,
        priceMinor: 8000,
        currency: 'USD',
        quantity: 1,
        expiresAt: null,
        occurredAt: t,
      });
    } else if (r < 0.00007) {
      entries.push({
        recordedAt,
        machineId,
        id: `grant:referral:r${n}`,
        kind: 'grant',
        bucket: 'referral',
        amount: 2_000_000,
        referralId: `r${n}`,
        expiresAt: null,
        occurredAt: t,
      });
    } else if (r < 0.00009) {
      entries.push({
        recordedAt,
        machineId,
        id: `adjustment:a${n}`,
        kind: 'adjustment',
        amount: -50_000,
        reason: 'fix',
        occurredAt: t,
      });
    } else if (r < 0.001 && n > 1) {
      entries.push({
        recordedAt,
        machineId,
        id: `reversal:usage:e${n - 1}`,
        kind: 'reversal',
        amount: 1000,
        usageId: `usage:e${n - 1}`,
        reason: 'failed action',
        occurredAt: t,
      });
    } else {
      const kind = KINDS[Math.floor(random() * KINDS.length)]!;
      entries.push({
        recordedAt,
        machineId,
        id: `usage:e${n}`,
        kind: 'usage',
        amount: -(500 + Math.floor(random() * 8) * 500),
        action:
          kind === 'ai_label'
            ? { kind, labelCount: 20 }
            : kind === 'chatbot_message'
              ? { kind, model: 'gpt-4o-mini' }
              : { kind },
        actionKind: kind,
        ruleId: `${kind}:base`,
        rateCardVersion: 'default-1',
        explanation: '',
        sourceEventId: `e${n}`,
        source: 'helpdesk',
        occurredAt: t,
      });
    }
  }
  for (let i = 1; i < entries.length; i++) {
    if (compareEntries(entries[i - 1]!, entries[i]!) >= 0)
      throw new Error('generated ledger out of replay order');
  }
  // Through JSON, as entries arrive from storage: flat strings, objects laid out one after another.
  // In chunks, so no single string of hundreds of megabytes is built.
  const loaded: LedgerEntry[] = [];
  for (let i = 0; i < entries.length; i += 10_000) {
    loaded.push(...(JSON.parse(JSON.stringify(entries.slice(i, i + 10_000))) as LedgerEntry[]));
  }
  return loaded;
}

export default async function run(): Promise<void> {
  const count = sized(100_000, 1_000_000);
  const entries = generateLedger(count);
  const at = entries[entries.length - 1]!.occurredAt;
  const cycleStart = cycleFor(ANCHOR, at).start;
  let sink = 0;

  const sumMs = await bestOf(5, () => {
    let sum = 0;
    for (let i = 0; i < entries.length; i++) sum += entries[i]!.amount;
    sink += sum;
  });
  const coldMs = await bestOf(3, () => {
    sink += computeBalance(entries, at).total;
  });
  // A deterministic shuffle: arrival order as a merge of several machines' ledgers might give.
  const random = rng(11);
  const shuffled = entries.slice();
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const shuffledSumMs = await bestOf(5, () => {
    let sum = 0;
    for (let i = 0; i < shuffled.length; i++) sum += shuffled[i]!.amount;
    sink += sum;
  });
  const coldUnsortedMs = await bestOf(2, () => {
    sink += computeBalance(shuffled, at).total;
  });

  const book = new LedgerBook({ anchorDay: ANCHOR });
  book.add(entries);
  sink += book.balanceAt(at).total;
  const warmMs = await bestOf(20, () => {
    sink += book.balanceAt(at).total;
  });
  const cycleEntries = entries.filter((e) => e.occurredAt >= cycleStart);
  const cycleSumMs = await bestOf(20, () => {
    let sum = 0;
    for (let i = 0; i < cycleEntries.length; i++) sum += cycleEntries[i]!.amount;
    sink += sum;
  });
  let next = at;
  const appendMs = await bestOf(20, () => {
    next += 1;
    book.add([{ ...entries[entries.length - 1]!, id: `usage:new${next}`, occurredAt: next } as LedgerEntry]);
    sink += book.balanceAt(next).total;
  });
  // A late entry from a machine that was offline: it lands in the previous cycle, so that cycle's
  // snapshot onwards is replayed again.
  const previousCycle = cycleFor(ANCHOR, cycleStart - 1);
  const template = entries.find((e) => e.kind === 'usage')!;
  let late = 0;
  const lateMs = await bestOf(10, () => {
    late += 1;
    book.add([
      { ...template, id: `usage:late${late}`, occurredAt: previousCycle.start + late } as LedgerEntry,
    ]);
    sink += book.balanceAt(next).total;
  });
  if (
    JSON.stringify(book.balanceAt(at)) !==
    JSON.stringify(computeBalance(listEntries(book.entries()), at, { anchorDay: ANCHOR }))
  ) {
    throw new Error('snapshot balance differs from a full replay');
  }
  if (sink === 42) console.log('');

  const n = entries.length.toLocaleString('en-US');
  printTable('Ledger balance', [
    { name: 'plain sum of amounts', value: sumMs, unit: 'ms', better: 'lower', note: `${n} entries` },
    {
      name: 'cold replay (computeBalance)',
      value: coldMs,
      unit: 'ms',
      baseline: 'plain sum of amounts',
      better: 'lower',
      goal: '< 1000 ms',
      note: 'input in replay order',
    },
    {
      name: 'plain sum, shuffled order',
      value: shuffledSumMs,
      unit: 'ms',
      better: 'lower',
      note: 'same entries, arrival order shuffled',
    },
    {
      name: 'cold replay, unsorted input',
      value: coldUnsortedMs,
      unit: 'ms',
      baseline: 'plain sum, shuffled order',
      better: 'lower',
      note: 'includes the sort',
    },
    {
      name: 'plain sum of this cycle',
      value: cycleSumMs,
      unit: 'ms',
      better: 'lower',
      note: `${cycleEntries.length.toLocaleString('en-US')} entries since the last snapshot`,
    },
    {
      name: 'warm (LedgerBook snapshots)',
      value: warmMs,
      unit: 'ms',
      baseline: 'plain sum of amounts',
      better: 'lower',
      goal: '< 50 ms',
      note: 'replays the current cycle only',
    },
    {
      name: 'warm after appending 1 entry',
      value: appendMs,
      unit: 'ms',
      baseline: 'plain sum of amounts',
      better: 'lower',
    },
    {
      name: 'warm after a late entry',
      value: lateMs,
      unit: 'ms',
      baseline: 'plain sum of amounts',
      better: 'lower',
      note: 'lands in the previous cycle: two cycles replayed',
    },
  ]);
}
