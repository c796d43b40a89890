import type { Clock } from '../core/clock.js';

export interface LoginRateLimitOptions {
  /** Free failures per account (strangers' addresses) and per account and address. */
  max: number;
  /** Free failures per address over all accounts. */
  addressMax: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** A counter is forgotten this long after its last failure. */
  windowSeconds: number;
  clock: Clock;
}

interface Counter {
  failures: number;
  last: number;
}

/** A login attempt that was let through and already counted as a failure. */
export interface LoginAttempt {
  /** The password was right: take the counted failure back. */
  succeeded(): void;
}

export type Admission = { admitted: true; attempt: LoginAttempt } | { admitted: false; retryAfter: number };

/** An address that logged into an account is that person's desk for this long. */
const KNOWN_ADDRESS_MS = 30 * 24 * 3600_000;
const MAX_ENTRIES = 10_000;

/**
 * Failed logins, counted three ways: per account and address, per account, and per address.
 * After the free failures each further attempt must wait, doubling from `baseDelaySeconds` up to
 * `maxDelaySeconds` after the last failure, so a person who mistyped waits seconds while a
 * guesser gets a few tries an hour.
 *
 * - An attempt is counted *before* its password is checked (`admit()` is synchronous), so
 *   parallel guesses cannot all slip past the count while the slow check runs.
 * - The per-account count holds every address, so rotating addresses gains nothing; an address
 *   that logged into the account in the last 30 days (the person's own desk) is exempt from it
 *   and held only by its own failures, so a stranger cannot lock the person out.
 * - The per-address count stops one address spraying one password over many accounts.
 */
export class LoginRateLimiter {
  readonly #pairs = new Map<string, Counter>();
  readonly #accounts = new Map<string, Counter>();
  readonly #addresses = new Map<string, Counter>();
  /** account → address → when it last logged in successfully. */
  readonly #known = new Map<string, Map<string, number>>();
  readonly #opts: LoginRateLimitOptions;
  readonly #forgetMs: number;

  constructor(opts: LoginRateLimitOptions) {
    this.#opts = opts;
    this.#forgetMs = Math.max(opts.windowSeconds * 1000, 2 * opts.maxDelaySeconds * 1000);
  }

  /** Counts the attempt and lets it through, or says how many seconds it must wait. */
  admit(name: string, ip: string): Admission {
    const account = name.toLowerCase();
    const pairKey = `${account}\u0000${ip}`;
    const now = this.#opts.clock.now();
    const known = this.#isKnown(account, ip, now);
    const waitMs = Math.max(
      this.#wait(this.#pairs, pairKey, this.#opts.max, now),
      known ? 0 : this.#wait(this.#accounts, account, this.#opts.max, now),
      this.#wait(this.#addresses, ip, this.#opts.addressMax, now),
    );
    if (waitMs > 0) return { admitted: false, retryAfter: Math.ceil(waitMs / 1000) };

    const counted = [
      this.#count(this.#pairs, pairKey, now),
      this.#count(this.#accounts, account, now),
      this.#count(this.#addresses, ip, now),
    ];
    let settled = false;
    return {
      admitted: true,
      attempt: {
        succeeded: () => {
          if (settled) return;
          settled = true;
          this.#pairs.delete(pairKey);
          for (const c of counted.slice(1)) c.failures = Math.max(0, c.failures - 1);
          let desks = this.#known.get(account);
          if (!desks) this.#known.set(account, (desks = new Map()));
          desks.set(ip, now);
          if (this.#known.size > MAX_ENTRIES) this.#sweep(now);
        },
      },
    };
  }

  #isKnown(account: string, ip: string, now: number): boolean {
    const at = this.#known.get(account)?.get(ip);
    return at !== undefined && now - at < KNOWN_ADDRESS_MS;
  }

  #wait(map: Map<string, Counter>, key: string, free: number, now: number): number {
    const c = this.#live(map, key, now);
    if (!c || c.failures < free) return 0;
    const delay = Math.min(
      this.#opts.maxDelaySeconds * 1000,
      this.#opts.baseDelaySeconds * 1000 * 2 ** (c.failures - free),
    );
    return Math.max(0, c.last + delay - now);
  }

  #count(map: Map<string, Counter>, key: string, now: number): Counter {
    let c = this.#live(map, key, now);
    if (!c) {
      c = { failures: 0, last: now };
      map.set(key, c);
      if (map.size > MAX_ENTRIES) this.#sweep(now);
    }
    c.failures++;
    c.last = now;
    return c;
  }

  #live(map: Map<string, Counter>, key: string, now: number): Counter | undefined {
    const c = map.get(key);
    if (c && now - c.last >= this.#forgetMs) {
      map.delete(key);
      return undefined;
    }
    return c;
  }

  #sweep(now: number): void {
    for (const map of [this.#pairs, this.#accounts, this.#addresses]) {
      for (const [key, c] of map) if (now - c.last >= this.#forgetMs) map.delete(key);
    }
    for (const [account, desks] of this.#known) {
      for (const [ip, at] of desks) if (now - at >= KNOWN_ADDRESS_MS) desks.delete(ip);
      if (desks.size === 0) this.#known.delete(account);
    }
  }
}
