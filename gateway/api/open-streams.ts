import type { FastifyReply } from 'fastify';

/** Why a stream was ended; sent to the client as the last event (`session-ended`). */
export type StreamEndReason =
  'logout' | 'password-changed' | 'password-reset' | 'role-changed' | 'user-removed';

interface Entry {
  credential: string;
  reply: FastifyReply;
}

const ignore = (): void => {};

/**
 * The long-lived answers (server-sent event streams) each user has open, so that ending a
 * session, changing a password or role, or removing an account ends them at once instead of
 * leaving them streaming. The auth hook enters every authenticated GET; an entry leaves when its
 * connection closes. Only answers that are still streaming (hijacked, not ended) are closed, so
 * whichever route opens a stream is covered without knowing about this.
 */
export class OpenStreams {
  readonly #byUser = new Map<string, Set<Entry>>();

  track(userId: string, credential: string, reply: FastifyReply): void {
    let entries = this.#byUser.get(userId);
    if (!entries) this.#byUser.set(userId, (entries = new Set()));
    const entry = { credential, reply };
    entries.add(entry);
    reply.raw.once('close', () => {
      entries.delete(entry);
      if (entries.size === 0 && this.#byUser.get(userId) === entries) this.#byUser.delete(userId);
    });
  }

  /** Ends the user's open streams (only those of one credential when given); returns how many. */
  close(userId: string, reason: StreamEndReason, credential?: string): number {
    let closed = 0;
    for (const { credential: c, reply } of this.#byUser.get(userId) ?? []) {
      if (credential !== undefined && c !== credential) continue;
      const res = reply.raw;
      if (!reply.sent || res.writableEnded || res.destroyed) continue;
      // The stream's own keep-alive may still write before its 'close' handler runs: harmless.
      res.on('error', ignore);
      res.end(`event: session-ended\ndata: ${JSON.stringify({ reason })}\n\n`);
      closed++;
    }
    return closed;
  }

  get size(): number {
    let n = 0;
    for (const entries of this.#byUser.values()) n += entries.size;
    return n;
  }
}
