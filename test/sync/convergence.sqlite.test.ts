import { describe } from 'vitest';
import * as budget from './harness/budget';
import {
  bootstrapJoinTest,
  convergenceContext,
  isolationTest,
  killRestartTest,
  randomOperationsTest,
  replayTest,
} from './harness/suite';

describe('convergence on the SQLite store', () => {
  const ctx = convergenceContext('sqlite');
  randomOperationsTest(ctx, budget.runs(20));
  replayTest(ctx, budget.runs(3));
  killRestartTest(ctx, budget.runs(6));
  bootstrapJoinTest(ctx, budget.runs(3));
  isolationTest(ctx);
});
