import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.js';
import { FleetStore } from './fleet-store.js';
import { checkMessage, type RejectReason } from './message.js';
import type { Database } from '../db/database.js';

/** What this replica's ingest did since it started (its /metrics counters). */
export interface IngestCounters {
  received: number;
  stored: number;
  duplicates: number;
  rejected: Record<RejectReason, number>;
  /** Database errors while applying (the message is retried, not lost). */
  retries: number;
  /** Milliseconds from the station's `ts` to the commit, for live (not historical) messages. */
  lagMs: number[];
}

export interface FleetIngestOptions {
  db: Database;
  prefix: string;
  logger: Pick<Logger, 'warn' | 'info' | 'error'>;
  clock: Clock;
  maxBytes?: number;
  /** Delay before applying again after a database error (doubling to 5 s). */
  retryMs?: number;
}

const LAG_SAMPLES = 10_000;

/**
 * One message from the broker into the database. Bad payloads are counted, logged with their
 * topic (never their content) and acknowledged: they are never stored as truth and never retried.
 * A database error is retried here until it succeeds or the source stops, so the broker's copy
 * is acknowledged only after the commit (at-least-once from the broker, exactly once in the
 * database because events are keyed on (station, bootId, seq)).
 */
export class FleetIngest {
  readonly counters: IngestCounters = {
    received: 0,
    stored: 0,
    duplicates: 0,
    rejected: { topic: 0, size: 0, json: 0, schema: 0 },
    retries: 0,
    lagMs: [],
  };
  readonly #store: FleetStore;
  #stopped = false;

  constructor(private readonly o: FleetIngestOptions) {
    this.#store = new FleetStore(o.db);
  }

  stop(): void {
    this.#stopped = true;
  }

  /** Resolves once the message is committed or refused; false when stopped before that. */
  async handle(topic: string, raw: Uint8Array): Promise<boolean> {
    const c = this.counters;
    c.received++;
    const checked = checkMessage(this.o.prefix, topic, raw, this.o.maxBytes);
    if (!checked.ok) {
      c.rejected[checked.reason]++;
      this.o.logger.warn(
        {
          code: 'FLEET_MESSAGE_REFUSED',
          topic: topic.slice(0, 200),
          reason: checked.reason,
          detail: checked.detail,
        },
        'telemetry message refused',
      );
      return true;
    }
    let delay = this.o.retryMs ?? 200;
    for (;;) {
      if (this.#stopped) return false;
      try {
        const receivedAt = new Date(this.o.clock.now());
        const result = await this.#store.apply(checked.message, receivedAt);
        if (result === 'duplicate') c.duplicates++;
        else if (result === 'stored') c.stored++;
        const body = checked.message.body as { ts?: string; historical?: boolean };
        if (!body.historical && typeof body.ts === 'string') {
          c.lagMs.push(this.o.clock.now() - Date.parse(body.ts));
          if (c.lagMs.length > LAG_SAMPLES) c.lagMs.splice(0, c.lagMs.length - LAG_SAMPLES);
        }
        return true;
      } catch (err) {
        c.retries++;
        this.o.logger.warn(
          { code: 'FLEET_INGEST_RETRY', err, topic: topic.slice(0, 200) },
          'fleet ingest: database error, retrying',
        );
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5000);
      }
    }
  }
}
