/**
 * A machine that joins a busy team by bootstrap (issue #15): it starts empty with a bootstrap threshold
 * of one document and a small batch, so it reads the endpoint's snapshot in several batches while the
 * other machines keep writing; it may be SIGKILLed halfway through and restarted on the same file.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from './client-process';
import { ClientRemote } from './client-remote';
import { createClientDb } from './client-db';
import { adjustment } from './docs';
import type { Dump } from './oracle';

export interface JoinPlan {
  kind: 'join';
  bootstrapBatchSize: number;
  /** One SIGKILL each, once this percent of what the machine still lacks has been bootstrapped. */
  killsAtPercent: number[];
}

export interface JoinSetup {
  index: number;
  run: number;
  endpoint: string;
  token: string;
  /** How many ledger entries the endpoint holds now. */
  ledgerOnServer(): Promise<number>;
  /** Records a document the joiner wrote itself, for the suite's oracle. */
  remember(doc: Record<string, unknown>): void;
  log(line: string): void;
}

export interface JoinReport {
  requestLog: string;
  killsLanded: number;
  /** collection/id of what the joiner wrote itself: all it may ever push. */
  own: Set<string>;
}

/** How many of its own writes the joiner makes right after its last start, its bootstrap under way. */
const OWN_WRITES = 2;

/** Starts the joiner on `clients[setup.index]`; resolves once its last start is under way. */
export async function joinByBootstrap(
  clients: ClientRemote[],
  plan: JoinPlan,
  setup: JoinSetup,
): Promise<JoinReport> {
  const dir = `/tmp/creditdesk-conv-${process.pid}-${setup.run}-joiner`;
  mkdirSync(dir, { recursive: true });
  const name = `run${setup.run}joinerp${process.pid}`;
  const requestLog = join(dir, 'requests.log');
  const open: Extract<Command, { op: 'open' }> = {
    op: 'open',
    name,
    // A kill must leave a file to restart on, whatever storage the other machines use.
    storage: 'sqlite',
    dir,
    endpoint: setup.endpoint,
    token: setup.token,
    machineId: 'joiner',
    streamIdleTimeoutMs: 5000,
    bootstrapThreshold: 1,
    bootstrapBatchSize: plan.bootstrapBatchSize,
    requestLog,
  };
  const onDisk = async (): Promise<number> => {
    const db = await createClientDb(name, 'sqlite', dir);
    try {
      return await db.collections.ledger.count().exec();
    } finally {
      await db.db.close();
    }
  };

  let killsLanded = 0;
  let kept = 0;
  for (const percent of plan.killsAtPercent) {
    const onServer = await setup.ledgerOnServer();
    const lacking = onServer - kept;
    // Before the batch that would finish the ledger, so the kill always leaves part of it unwritten.
    const killAt = Math.min(Math.floor((lacking * percent) / 100), lacking - plan.bootstrapBatchSize - 1);
    if (killAt < 1) {
      setup.log(`joiner: ${lacking} entries left, too few for another kill`);
      break;
    }
    const remote = clients[setup.index]!;
    const died = new Promise<'killed'>((resolve) => remote.onExit(() => resolve('killed')));
    const outcome = await Promise.race([
      died,
      remote
        .call({ ...open, killAfterBootstrapped: killAt })
        .then(() => remote.call({ op: 'inSync', timeoutMs: 60_000 }))
        .then(
          (inSync) => `still running (in sync: ${String(inSync)})`,
          () => died,
        ),
    ]);
    if (outcome !== 'killed')
      throw new Error(`joiner was not killed after ${killAt} of ${lacking} entries bootstrapped: ${outcome}`);
    killsLanded++;
    const now = await onDisk();
    // Halfway: the batches before the kill are on disk, the rest of the ledger is not.
    if (now <= kept || now >= onServer)
      throw new Error(
        `joiner killed at ${killAt} of ${lacking} entries holds ${now} (had ${kept}; the endpoint ${onServer})`,
      );
    setup.log(`joiner: SIGKILLed with ${now} of ${onServer} ledger entries written; restarting`);
    kept = now;
    clients[setup.index] = await ClientRemote.start(`joiner (restart ${killsLanded})`);
  }

  const remote = clients[setup.index]!;
  await remote.call(open);
  const own = new Set<string>();
  for (let k = 0; k < OWN_WRITES; k++) {
    const doc = adjustment(`joiner-${setup.run}-${k}`, 300 + k, 'joiner');
    await remote.call({ op: 'insert', collection: 'ledger', doc });
    own.add(`ledger/${String(doc.id)}`);
    setup.remember(doc);
  }
  return { requestLog, killsLanded, own };
}

const some = (keys: string[]) => {
  const unique = [...new Set(keys)];
  return unique.length > 5
    ? `${unique.slice(0, 5).join(', ')} and ${unique.length - 5} more`
    : unique.join(', ');
};

/**
 * Once converged: the joiner bootstrapped its ledger (resuming after every kill, not starting over) and
 * never pushed, nor got the endpoint to store as its own, anything but its own writes.
 */
export function checkJoin(report: JoinReport, server: Dump): void {
  const lines = readFileSync(report.requestLog, 'utf8').split('\n').filter(Boolean);
  const pushedBack = lines
    .filter((l) => l.startsWith('push '))
    .map((l) => l.slice('push '.length))
    .filter((key) => !report.own.has(key));
  if (pushedBack.length > 0)
    throw new Error(`the joiner pushed ${pushedBack.length} documents it had received: ${some(pushedBack)}`);
  const ledgerReads = lines
    .filter((l) => l.startsWith('snapshot ') && l.includes('/ledger/'))
    .map((l) => new URL(l.slice('snapshot '.length), 'http://x'));
  if (ledgerReads.length < report.killsLanded + 1)
    throw new Error(
      `the joiner read the ledger's snapshot ${ledgerReads.length} times, killed ${report.killsLanded}`,
    );
  for (const url of ledgerReads.slice(1)) {
    if (!(Number(url.searchParams.get('checkpoint')) > 0))
      throw new Error(
        `after a kill the joiner read the ledger's snapshot from the start again: ${url.search}`,
      );
  }
  const stampedAsJoiner = server.ledger
    .filter((d) => d.tokenLabel === 'joiner')
    .map((d) => `ledger/${String(d.id)}`)
    .filter((key) => !report.own.has(key));
  if (stampedAsJoiner.length > 0)
    throw new Error(
      `the endpoint stored ${stampedAsJoiner.length} others' entries as the joiner's: ${some(stampedAsJoiner)}`,
    );
}
