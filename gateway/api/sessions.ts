import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.js';

export const SESSION_COOKIE = 'cardgate_session';

interface Session {
  userId: string;
  expiresAt: number;
}

/**
 * Cookie sessions held in memory: a restart logs everyone out, which suits an appliance.
 * Sessions expire after an idle time; each use extends them.
 */
export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #ttlMs: number;
  readonly #clock: Clock;

  constructor(opts: { ttlMinutes: number; clock: Clock }) {
    this.#ttlMs = opts.ttlMinutes * 60_000;
    this.#clock = opts.clock;
  }

  get ttlSeconds(): number {
    return Math.floor(this.#ttlMs / 1000);
  }

  create(userId: string): string {
    this.#sweep();
    const id = randomBytes(32).toString('base64url');
    this.#sessions.set(id, { userId, expiresAt: this.#clock.now() + this.#ttlMs });
    return id;
  }

  /** The user id of a live session (and extend it), or null. */
  touch(id: string): string | null {
    const s = this.#sessions.get(id);
    if (!s) return null;
    const now = this.#clock.now();
    if (s.expiresAt <= now) {
      this.#sessions.delete(id);
      return null;
    }
    s.expiresAt = now + this.#ttlMs;
    return s.userId;
  }

  delete(id: string): void {
    this.#sessions.delete(id);
  }

  /** End every session of a user (password changed by an admin, account removed). */
  deleteUser(userId: string, except?: string): void {
    for (const [id, s] of this.#sessions) if (s.userId === userId && id !== except) this.#sessions.delete(id);
  }

  #sweep(): void {
    if (this.#sessions.size < 1000) return;
    const now = this.#clock.now();
    for (const [id, s] of this.#sessions) if (s.expiresAt <= now) this.#sessions.delete(id);
  }
}
