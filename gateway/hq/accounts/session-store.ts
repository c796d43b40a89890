import { createHash, randomBytes } from 'node:crypto';
import { OpenStreams, type StreamEndReason } from '../../api/open-streams.js';
import type { Clock } from '../../core/clock.js';
import type { Database } from '../db/database.js';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('base64url');

/**
 * Cookie sessions in the database, so a person stays logged in whichever replica answers
 * (the station keeps them in memory: one process). Only a sha256 of the cookie value is stored:
 * a copy of the database opens no session. Sessions expire after an idle time; each use extends
 * them. Event streams stay per replica (OpenStreams), ended here when the session ends.
 */
export class HqSessionStore {
  readonly streams = new OpenStreams();
  readonly #ttlMs: number;
  readonly #clock: Clock;

  constructor(
    readonly db: Database,
    opts: { ttlMinutes: number; clock: Clock },
  ) {
    this.#ttlMs = opts.ttlMinutes * 60_000;
    this.#clock = opts.clock;
  }

  get ttlSeconds(): number {
    return Math.floor(this.#ttlMs / 1000);
  }

  #expiry(): Date {
    return new Date(this.#clock.now() + this.#ttlMs);
  }

  async create(accountId: string): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    await this.db.query('DELETE FROM account_sessions WHERE expires_at <= $1', [new Date(this.#clock.now())]);
    await this.db.query('INSERT INTO account_sessions (hash, account_id, expires_at) VALUES ($1, $2, $3)', [
      sha256(id),
      accountId,
      this.#expiry(),
    ]);
    return id;
  }

  /** The account id of a live session (and extend it), or null. */
  async touch(id: string): Promise<string | null> {
    const [row] = await this.db.query<{ account_id: string }>(
      `UPDATE account_sessions SET expires_at = $3
        WHERE hash = $1 AND expires_at > $2 RETURNING account_id`,
      [sha256(id), new Date(this.#clock.now()), this.#expiry()],
    );
    return row?.account_id ?? null;
  }

  async end(id: string, reason: StreamEndReason = 'logout'): Promise<void> {
    const [row] = await this.db.query<{ account_id: string }>(
      'DELETE FROM account_sessions WHERE hash = $1 RETURNING account_id',
      [sha256(id)],
    );
    if (row) this.streams.close(row.account_id, reason, `session:${id}`);
  }

  /** Ends every session of an account but `keep`, and every stream the account has open here. */
  async endUser(accountId: string, reason: StreamEndReason, keep?: string): Promise<void> {
    await this.db.query('DELETE FROM account_sessions WHERE account_id = $1 AND hash <> $2', [
      accountId,
      keep ? sha256(keep) : '',
    ]);
    this.streams.close(accountId, reason);
  }
}
