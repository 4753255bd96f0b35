/**
 * Sizes of the convergence suite. The default fits a CI job (≥ 50 randomized runs over both stores
 * in a few minutes on 2 cores); SYNC_DEEP=1 runs five times as many, longer, with 5 clients.
 * SYNC_RUNS_SCALE multiplies run counts; SYNC_SEED replays a printed seed; SYNC_NO_SHRINK=1 reports
 * the first failing run as it is (each shrinking step of a non-converging run waits a minute).
 */
const deep = process.env.SYNC_DEEP === '1';
const scale = Number(process.env.SYNC_RUNS_SCALE ?? (deep ? 5 : 1));

export const runs = (base: number) => Math.max(1, Math.round(base * scale));
export const maxClients = deep ? 5 : 4;
export const maxOps = deep ? 80 : 30;
export const seed = process.env.SYNC_SEED
  ? Number(process.env.SYNC_SEED)
  : Math.floor(Math.random() * 2 ** 31);
/** Ledger entries a team holds before a machine joins it by bootstrap (several snapshot batches). */
export const joinLedgerSeed = deep ? { min: 200, max: 1500 } : { min: 80, max: 250 };
export const shrink = process.env.SYNC_NO_SHRINK !== '1';
