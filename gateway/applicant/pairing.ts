import { randomBytes, randomInt } from 'node:crypto';
import { CardgateError } from '../core/errors.js';

export interface PairingOptions {
  now: () => number;
  codeTtlMs: number;
  failuresPerMinute: number;
}

interface PendingCode {
  desk: string;
  expiresAt: number;
}

/**
 * Short codes that pair an applicant screen with one desk. A code is six digits, single use,
 * expires, and belongs to one desk (a new code for the desk replaces its older one). Wrong
 * guesses are counted per client and minute: six digits against five guesses a minute leaves a
 * guesser about one chance in 200,000 a minute even with several codes open. A paired screen
 * holds an opaque token (32 random bytes) that names its desk and nothing else.
 */
export class Pairings {
  readonly #codes = new Map<string, PendingCode>();
  readonly #screens = new Map<string, string>(); // token → desk
  readonly #failures = new Map<string, number[]>(); // client → times of wrong codes
  readonly #opt: PairingOptions;

  constructor(opt: PairingOptions) {
    this.#opt = opt;
  }

  /** A new code for the desk; its older code (if any) stops working. */
  issue(desk: string): { code: string; expiresAt: number } {
    this.#sweep();
    for (const [c, p] of this.#codes) if (p.desk === desk) this.#codes.delete(c);
    let code: string;
    do code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    while (this.#codes.has(code));
    const expiresAt = this.#opt.now() + this.#opt.codeTtlMs;
    this.#codes.set(code, { desk, expiresAt });
    return { code, expiresAt };
  }

  /** The code typed on the applicant screen → a screen token for its desk (the code is spent, older screens end). */
  redeem(code: string, client: string): { token: string; desk: string } {
    const now = this.#opt.now();
    const recent = (this.#failures.get(client) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= this.#opt.failuresPerMinute)
      throw new CardgateError('PAIRING_RATE_LIMITED', 'too many wrong pairing codes from this client', {
        status: 429,
      });
    this.#sweep();
    const pending = this.#codes.get(code);
    if (!pending) {
      this.#failures.set(client, [...recent, now]);
      throw new CardgateError('PAIRING_CODE_INVALID', 'unknown, used or expired pairing code', {
        status: 404,
      });
    }
    this.#codes.delete(code);
    // One screen per desk: the new pairing ends the older screen's token.
    this.revokeDesk(pending.desk);
    const token = randomBytes(32).toString('base64url');
    this.#screens.set(token, pending.desk);
    return { token, desk: pending.desk };
  }

  /** The desk a screen token belongs to, or null. */
  deskOf(token: string | undefined): string | null {
    return (token && this.#screens.get(token)) || null;
  }

  /** Every screen token of a desk stops working (re-pairing or unpairing). */
  revokeDesk(desk: string): void {
    for (const [t, d] of this.#screens) if (d === desk) this.#screens.delete(t);
  }

  pendingCode(desk: string): { code: string; expiresAt: number } | null {
    this.#sweep();
    for (const [code, p] of this.#codes) if (p.desk === desk) return { code, expiresAt: p.expiresAt };
    return null;
  }

  #sweep(): void {
    const now = this.#opt.now();
    for (const [c, p] of this.#codes) if (p.expiresAt <= now) this.#codes.delete(c);
  }
}
