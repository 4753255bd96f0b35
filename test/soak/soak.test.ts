import { describe, expect, it } from 'vitest';
import { describeSoak, runSoak, soakProblems } from './run-soak';

/** The 30-second soak in npm test; `npm run soak` runs the same for 10 minutes. */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 30);

describe('soak', () => {
  it(
    `the web host survives ${SECONDS} s of mixed calls and malformed frames from 8 sockets`,
    async () => {
      const figures = await runSoak({
        seconds: SECONDS,
        seed: process.env.SOAK_SEED ? Number(process.env.SOAK_SEED) : undefined,
      });
      console.log(describeSoak(figures).join('\n'));
      expect(soakProblems(figures)).toEqual([]);
      expect(figures.succeeded).toBeGreaterThan(100);
      expect(figures.socketsClosedByHost).toBeGreaterThan(0);
      expect(figures.ledger.expectedEntries).toBeGreaterThan(0);
    },
    SECONDS * 1000 + 180_000,
  );
});
