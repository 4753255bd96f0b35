import { expect, test } from 'vitest';
import { KeyedQueue } from '../../src-shared/keyed-queue';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

test('work for one key runs one at a time, in arrival order; a failure does not block the next', async () => {
  const locks = new KeyedQueue();
  const log: string[] = [];
  const job =
    (name: string, fail = false) =>
    async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      if (fail) throw new Error(`${name} failed`);
      return name;
    };
  const results = await Promise.allSettled([
    locks.run('t1', job('a')),
    locks.run('t1', job('b', true)),
    locks.run('t1', job('c')),
  ]);
  expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
});

test("another key's work does not wait", async () => {
  const locks = new KeyedQueue();
  const log: string[] = [];
  let release!: () => void;
  const held = locks.run('t1', () => new Promise<void>((resolve) => (release = resolve)));
  await locks.run('t2', async () => log.push('t2 ran'));
  expect(log).toEqual(['t2 ran']);
  release();
  await held;
});
