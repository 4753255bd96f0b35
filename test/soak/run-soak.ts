import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHostProcess, tinyRenderer, type HostProcess } from '../web-host/support/host-process';
import { openApi, type ApiClient } from '../web-host/support/api-socket';
import { BAD_FRAMES, sendRawFrame } from '../web-host/support/raw-frames';
import type { LedgerPageView, LedgerRow } from '../../src-shared/api/views';

export interface SoakFigures {
  seed: number;
  seconds: number;
  sockets: number;
  calls: number;
  succeeded: number;
  refused: number;
  malformedFrames: Record<string, number>;
  socketsClosedByHost: number;
  hostAlive: boolean;
  memory: { start: Mem; end: Mem; freshSameData: Mem };
  ledger: {
    expectedEntries: number;
    foundEntries: number;
    expectedMillicredits: number;
    foundMillicredits: number;
  };
  stagedUploadsLeft: number;
}
interface Mem {
  heapUsed: number;
  rss: number;
}

const SOCKETS = 8;
/** Bounded loop: a worker stops at the deadline or after this many steps, whichever comes first. */
const MAX_STEPS_PER_SECOND = 400;

/** mulberry32: a small seeded generator, so a failing run can be replayed with SOAK_SEED. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const USAGE = [
  { kind: 'ai_label' },
  { kind: 'ai_reply' },
  { kind: 'ai_prioritize' },
  { kind: 'chatbot_message' },
  { kind: 'kb_article', count: 3 },
  { kind: 'embedding', count: 2 },
] as const;

/** Malformed frames a worker sends on its own API socket (the host must close just that one). */
const IN_SOCKET: Record<string, (ws: ApiClient['ws']) => void> = {
  'in-socket broken JSON': (ws) => ws.send('{"type":"call","id":'),
  'in-socket binary': (ws) => ws.send(Buffer.from([1, 2, 3]), { binary: true }),
  'in-socket invalid UTF-8': (ws) => ws.send(Buffer.from([0xc3, 0x28, 0xff, 0xfe]), { binary: false }),
  'in-socket oversized': (ws) => ws.send('x'.repeat(3 * 1024 * 1024)),
};

/**
 * The web host under mixed API calls from 8 sockets with malformed frames interleaved, on loopback.
 * Returns the figures; the caller decides what passes (the test) or prints them (npm run soak).
 */
export async function runSoak(options: {
  seconds: number;
  seed?: number;
  log?: (line: string) => void;
}): Promise<SoakFigures> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const log = options.log ?? (() => undefined);
  const dataDir = mkdtempSync(join(tmpdir(), 'creditdesk-soak-'));
  const rendererDir = tinyRenderer();
  let host: HostProcess | null = null;
  let fresh: HostProcess | null = null;
  try {
    host = await startHostProcess({ dataDir, rendererDir });
    const h = host;
    await warmUp(h);
    const start = await h.memory();
    log(`soak: seed ${seed}, ${options.seconds} s, ${SOCKETS} sockets on ${h.url}`);

    const expected = new Map<string, number>();
    const malformed: Record<string, number> = {};
    const counts = { calls: 0, succeeded: 0, refused: 0, closedByHost: 0 };
    const deadline = Date.now() + options.seconds * 1000;
    const maxSteps = options.seconds * MAX_STEPS_PER_SECOND;
    let lastReport = Date.now();

    const worker = async (index: number) => {
      const rnd = random(seed + index * 7919);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
      let client = await openApi(h.port, h.token);
      let n = 0;
      const call = async (method: string, input: unknown) => {
        counts.calls++;
        const answer = await client.call(method, input);
        if (answer.ok) counts.succeeded++;
        else counts.refused++;
        return answer;
      };
      for (let step = 0; step < maxSteps && Date.now() < deadline; step++) {
        const roll = rnd();
        n++;
        if (roll < 0.35) {
          const answer = await call('recordUsage', {
            action: pick(USAGE),
            sourceEventId: `soak:${index}:${n}`,
          });
          if (answer.ok) {
            const row = answer.value as LedgerRow;
            expected.set(row.id, row.amount);
          }
        } else if (roll < 0.42) {
          const amount = (1 + Math.floor(rnd() * 50)) * (rnd() < 0.5 ? -100 : 100);
          const answer = await call('recordAdjustment', {
            amount,
            reason: `soak ${index}/${n}`,
            requestId: crypto.randomUUID(),
          });
          if (answer.ok) expected.set((answer.value as LedgerRow).id, amount);
        } else if (roll < 0.57) await call('getOverview', {});
        else if (roll < 0.67)
          await call('listLedger', { offset: Math.floor(rnd() * 200), limit: 1 + Math.floor(rnd() * 100) });
        else if (roll < 0.72) await call('authorizeAction', { action: { kind: 'ai_reply' } });
        else if (roll < 0.76)
          await call('getAnalytics', { from: Date.now() - 30 * 86_400_000, to: Date.now() });
        else if (roll < 0.8) {
          const list = Array.from({ length: 50 }, (_, i) => `https://s${index}.example.com/p/${n}-${i}`).join(
            '\n',
          );
          const bytes = new TextEncoder().encode(list);
          // Refused once this socket holds its 4 unfinished uploads (the abandoned ones below).
          const begun = await call('beginUpload', { name: 'list.txt', size: bytes.byteLength });
          if (begun.ok) {
            const { uploadId } = begun.value as { uploadId: string };
            await call('appendUpload', { uploadId, chunk: bytes });
            await call('estimateWebsite', {
              jobId: crypto.randomUUID(),
              urlList: { uploadId },
              avgChars: 5000,
            });
          }
        } else if (roll < 0.83) {
          // An upload begun and never finished: the host drops it when this socket goes.
          await call('beginUpload', { name: 'abandoned.pdf', size: 1_000_000 });
        } else if (roll < 0.9) {
          // Wrong input: a clear refusal, nothing written.
          await call(pick(['recordUsage', 'recordAdjustment', 'nope']), {
            action: { kind: 'bogus' },
            amount: 0,
          });
        } else if (roll < 0.95) {
          const name = pick(Object.keys(BAD_FRAMES).filter((k) => k !== '10 MB string' || rnd() < 0.2));
          malformed[name] = (malformed[name] ?? 0) + 1;
          await sendRawFrame(h.port, h.token, BAD_FRAMES[name]!());
        } else {
          // On this worker's own socket: first let its calls finish, so every answer is counted.
          while (client.inFlight > 0) await new Promise((r) => setTimeout(r, 5));
          const name = pick(Object.keys(IN_SOCKET));
          malformed[name] = (malformed[name] ?? 0) + 1;
          IN_SOCKET[name]!(client.ws);
          await client.closed;
          counts.closedByHost++;
          client = await openApi(h.port, h.token);
        }
        if (index === 0 && Date.now() - lastReport > 30_000) {
          lastReport = Date.now();
          log(
            `soak: ${Math.round((deadline - Date.now()) / 1000)} s left, ${counts.calls.toLocaleString('en-US')} calls, host ${h.alive() ? 'alive' : 'DEAD'}`,
          );
        }
      }
      client.close();
    };
    await Promise.all(Array.from({ length: SOCKETS }, (_, i) => worker(i)));
    await new Promise((r) => setTimeout(r, 1500));
    const hostAlive = h.alive();
    const end = await h.memory();
    const checker = await openApi(h.port, h.token);
    const found = await ledgerOf(checker);
    checker.close();
    const stagedUploadsLeft = readdirSync(join(dataDir, 'uploads')).length;
    await h.stop();
    // The same ledger in a fresh process: what the host should hold once the load is gone.
    fresh = await startHostProcess({ dataDir, rendererDir });
    await warmUp(fresh);
    const freshSameData = await fresh.memory();

    const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
    return {
      seed,
      seconds: options.seconds,
      sockets: SOCKETS,
      calls: counts.calls,
      succeeded: counts.succeeded,
      refused: counts.refused,
      malformedFrames: malformed,
      socketsClosedByHost: counts.closedByHost,
      hostAlive,
      memory: { start, end, freshSameData },
      ledger: {
        expectedEntries: expected.size,
        foundEntries: found.size,
        expectedMillicredits: sum(expected.values()),
        foundMillicredits: sum(found.values()),
      },
      stagedUploadsLeft,
    };
  } finally {
    await host?.stop();
    await fresh?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(rendererDir, { recursive: true, force: true });
  }
}

/**
 * One call of every read kind the soak makes (no writes), so both measured processes have loaded the
 * whole ledger and compiled the same code paths: the yardstick is then the data, not JIT warm-up.
 */
async function warmUp(host: HostProcess): Promise<void> {
  const client = await openApi(host.port, host.token);
  await client.call('listMachines', {});
  for (let round = 0; round < 20; round++) {
    await client.call('getOverview', {});
    await client.call('listLedger', { offset: round, limit: 50 });
    await client.call('authorizeAction', { action: { kind: 'ai_reply' } });
    await client.call('getAnalytics', { from: Date.now() - 30 * 86_400_000, to: Date.now() });
    await client.call('recordUsage', { action: { kind: 'bogus' } });
    const bytes = new TextEncoder().encode(`https://warm.example.com/${round}`);
    const begun = await client.call('beginUpload', { name: 'warm.txt', size: bytes.byteLength });
    if (!begun.ok) continue;
    const { uploadId } = begun.value as { uploadId: string };
    await client.call('appendUpload', { uploadId, chunk: bytes });
    await client.call('estimateWebsite', {
      jobId: crypto.randomUUID(),
      urlList: { uploadId },
      avgChars: 5000,
    });
  }
  client.close();
}

/** Every usage and adjustment in the ledger, id → amount. */
async function ledgerOf(client: ApiClient): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let offset = 0; ; offset += 1000) {
    const answer = await client.call('listLedger', {
      filter: { kinds: ['usage', 'adjustment'] },
      sort: 'oldest',
      offset,
      limit: 1000,
    });
    if (!answer.ok) throw new Error(`listLedger: ${answer.error.message}`);
    const page = answer.value as LedgerPageView;
    for (const row of page.rows) out.set(row.id, row.amount);
    if (page.rows.length < 1000) return out;
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The figures as people read them. */
export function describeSoak(f: SoakFigures): string[] {
  const frames = Object.entries(f.malformedFrames)
    .sort()
    .map(([k, v]) => `${k} ×${v}`)
    .join(', ');
  return [
    `Soak of the web host: ${f.seconds} s, ${f.sockets} sockets, seed ${f.seed}`,
    `  calls: ${f.calls.toLocaleString('en-US')} (${f.succeeded.toLocaleString('en-US')} succeeded, ${f.refused.toLocaleString('en-US')} refused: bad input or a cap)`,
    `  malformed frames: ${Object.values(f.malformedFrames)
      .reduce((a, b) => a + b, 0)
      .toLocaleString('en-US')} (${frames})`,
    `  sockets closed by the host for a bad frame: ${f.socketsClosedByHost.toLocaleString('en-US')}`,
    `  host process alive at the end: ${f.hostAlive ? 'yes' : 'NO'}`,
    `  heap after GC: start ${mb(f.memory.start.heapUsed)}, end ${mb(f.memory.end.heapUsed)}, fresh process on the same data ${mb(f.memory.freshSameData.heapUsed)}`,
    `  RSS: start ${mb(f.memory.start.rss)}, end ${mb(f.memory.end.rss)}, fresh ${mb(f.memory.freshSameData.rss)}`,
    `  ledger: ${f.ledger.foundEntries.toLocaleString('en-US')} usage/adjustment entries for ${f.ledger.expectedEntries.toLocaleString('en-US')} successful writes; ${f.ledger.foundMillicredits.toLocaleString('en-US')} vs ${f.ledger.expectedMillicredits.toLocaleString('en-US')} millicredits`,
    `  staged uploads left: ${f.stagedUploadsLeft}`,
  ];
}

/** The pass rule shared by the test and npm run soak: alive, no leak beyond the data, exact ledger. */
export function soakProblems(f: SoakFigures): string[] {
  const problems: string[] = [];
  if (!f.hostAlive) problems.push('the host process died');
  // The end heap holds the soak's ledger; a fresh process with the same ledger is the yardstick.
  const allowed = f.memory.freshSameData.heapUsed * 1.1 + 8 * 1024 * 1024;
  if (f.memory.end.heapUsed > allowed)
    problems.push(
      `heap ${mb(f.memory.end.heapUsed)} is over ${mb(allowed)} (a fresh process with the same data ×1.1 + 8 MB)`,
    );
  if (
    f.ledger.foundEntries !== f.ledger.expectedEntries ||
    f.ledger.foundMillicredits !== f.ledger.expectedMillicredits
  )
    problems.push('the ledger differs from the calls that succeeded');
  if (Object.keys(f.malformedFrames).length === 0) problems.push('no malformed frame was sent');
  return problems;
}
