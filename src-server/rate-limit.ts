/**
 * Fixed one-minute windows per key (a token id, or a client address before authentication).
 * In memory per endpoint instance: several instances behind one PostgreSQL each keep their own
 * count, so a caller's allowance grows with the instances it reaches (documented in protocol.md).
 */
export class WindowCounter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    readonly max: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit; false when the key is already over its allowance for this window. */
  hit(key: string): boolean {
    const window = this.current(key);
    window.count++;
    return window.count <= this.max;
  }

  /** True when the key has used its allowance (without counting a hit). */
  exhausted(key: string): boolean {
    const window = this.windows.get(key);
    return window !== undefined && window.resetAt > this.now() && window.count >= this.max;
  }

  /** Whole seconds until the key's window resets. */
  retryAfter(key: string): number {
    const window = this.windows.get(key);
    return window ? Math.max(1, Math.ceil((window.resetAt - this.now()) / 1000)) : 1;
  }

  private current(key: string) {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      // A flood of distinct keys (random addresses or tokens) must not grow the map without bound.
      if (this.windows.size > 50_000) this.sweep(now);
      window = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    return window;
  }

  private sweep(now: number) {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
