import type { Clock } from '../core/clock.js';

/**
 * Failed logins per (name, address) in a sliding window. Blocking by the pair, not the name
 * alone, stops guessing without letting a stranger lock an operator out from another desk.
 */
export class LoginRateLimiter {
  readonly #failures = new Map<string, number[]>();
  readonly #max: number;
  readonly #windowMs: number;
  readonly #clock: Clock;

  constructor(opts: { max: number; windowSeconds: number; clock: Clock }) {
    this.#max = opts.max;
    this.#windowMs = opts.windowSeconds * 1000;
    this.#clock = opts.clock;
  }

  static key(name: string, ip: string): string {
    return `${name.toLowerCase()}\u0000${ip}`;
  }

  /** Seconds until the next attempt is allowed; 0 when not blocked. */
  retryAfter(key: string): number {
    const recent = this.#recent(key);
    if (recent.length < this.#max) return 0;
    return Math.max(1, Math.ceil((recent[0]! + this.#windowMs - this.#clock.now()) / 1000));
  }

  recordFailure(key: string): void {
    const recent = this.#recent(key);
    recent.push(this.#clock.now());
    this.#failures.set(key, recent);
    if (this.#failures.size > 10_000) this.#sweep();
  }

  reset(key: string): void {
    this.#failures.delete(key);
  }

  #recent(key: string): number[] {
    const since = this.#clock.now() - this.#windowMs;
    return (this.#failures.get(key) ?? []).filter((t) => t > since);
  }

  #sweep(): void {
    for (const key of [...this.#failures.keys()]) {
      if (this.#recent(key).length === 0) this.#failures.delete(key);
    }
  }
}
