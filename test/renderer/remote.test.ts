import { describe, expect, it } from 'vitest';
import { coalesce } from '../../src-renderer/src/lib/remote';

describe('coalesce', () => {
  it('runs a burst of requests as the one in flight plus one more', async () => {
    let runs = 0;
    const gates: (() => void)[] = [];
    const refresh = coalesce(
      () =>
        new Promise<void>((done) => {
          runs++;
          gates.push(done);
        }),
    );
    const first = refresh();
    void refresh();
    void refresh();
    void refresh();
    expect(runs).toBe(1);
    gates.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(runs).toBe(2);
    gates.shift()!();
    await first;
    expect(runs).toBe(2);
    // After the burst, a new request runs again.
    void refresh();
    expect(runs).toBe(3);
    gates.shift()!();
  });
});
