/**
 * npm run soak: the web host for SOAK_SECONDS (default 600) under mixed API calls from 8 sockets with
 * malformed frames interleaved; prints the figures and exits 1 when a check fails. SOAK_SEED replays.
 */
import { describeSoak, runSoak, soakProblems } from './run-soak';

const seconds = Number(process.env.SOAK_SECONDS ?? 600);
const seed = process.env.SOAK_SEED ? Number(process.env.SOAK_SEED) : undefined;
const figures = await runSoak({ seconds, seed, log: (line) => console.log(line) });
for (const line of describeSoak(figures)) console.log(line);
const problems = soakProblems(figures);
for (const p of problems) console.error(`FAILED: ${p}`);
process.exit(problems.length ? 1 : 0);
