import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { OpenStreams, type StreamEndReason } from './open-streams.js';

export const SESSION_COOKIE = 'cardgate_session';

interface Session {
  userId: string;
  expiresAt: number;
}

/**
 * Cookie sessions held in memory: a restart logs everyone out, which suits an appliance.
 * Sessions expire after an idle time; each use extends them. Ending a session (or all of a
 * user's) also ends the event streams opened with it, at once.
 */
export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  /** Open event streams by user and credential (`session:<id>` or `token:<id>`). */
  readonly streams = new OpenStreams();
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

  /** Log out: the session and the streams opened with it end. */
  end(id: string, reason: StreamEndReason = 'logout'): void {
    const s = this.#sessions.get(id);
    this.#sessions.delete(id);
    if (s) this.streams.close(s.userId, reason, sessionCredential(id));
  }

  /**
   * End every session of a user but `keep` (the caller's own, after changing their password),
   * and every stream the user has open, whatever opened it (a session or an API token).
   */
  endUser(userId: string, reason: StreamEndReason, keep?: string): void {
    for (const [id, s] of this.#sessions) if (s.userId === userId && id !== keep) this.#sessions.delete(id);
    this.streams.close(userId, reason);
  }

  #sweep(): void {
    if (this.#sessions.size < 1000) return;
    const now = this.#clock.now();
    for (const [id, s] of this.#sessions) if (s.expiresAt <= now) this.#sessions.delete(id);
  }
}

export const sessionCredential = (id: string): string => `session:${id}`;
export const tokenCredential = (id: string): string => `token:${id}`;
