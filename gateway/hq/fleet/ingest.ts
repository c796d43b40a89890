import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.js';
import { FleetStore } from './fleet-store.js';
import { checkMessage, type FleetMessage, type RejectReason } from './message.js';
import type { Database } from '../db/database.js';

/** What this replica's ingest did since it started (its /metrics counters). */
export interface IngestCounters {
  received: number;
  stored: number;
  duplicates: number;
  rejected: Record<RejectReason, number>;
  /** Database errors while applying (the batch is retried, not lost). */
  retries: number;
  /** Transactions committed (messages per batch = stored + duplicates over this). */
  batches: number;
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
  /** Most messages committed in one transaction (default 200). */
  maxBatch?: number;
}

const LAG_SAMPLES = 10_000;

interface Pending {
  message: FleetMessage;
  topic: string;
  resolve: (committed: boolean) => void;
}

/**
 * Messages from the broker into the database. Bad payloads are counted, logged with their
 * topic (never their content) and acknowledged: they are never stored as truth and never retried.
 * Good ones queue and are committed in batches: what arrived while the last transaction ran goes
 * into the next one (up to `maxBatch`), so the cost of a commit is shared instead of paid per
 * message (measured in docs/benchmarks.md, fleet). Each message's promise resolves only after
 * its batch committed, so the broker's copy is acknowledged only then (at-least-once from the
 * broker, exactly once in the database because events are keyed on (station, bootId, seq)).
 * A database error rolls the batch back and retries it until it succeeds or the ingest stops.
 */
export class FleetIngest {
  readonly counters: IngestCounters = {
    received: 0,
    stored: 0,
    duplicates: 0,
    rejected: { topic: 0, size: 0, json: 0, schema: 0 },
    retries: 0,
    batches: 0,
    lagMs: [],
  };
  readonly #store: FleetStore;
  readonly #queue: Pending[] = [];
  #draining = false;
  #stopped = false;

  constructor(private readonly o: FleetIngestOptions) {
    this.#store = new FleetStore(o.db);
  }

  stop(): void {
    this.#stopped = true;
    for (const p of this.#queue.splice(0)) p.resolve(false);
  }

  /** Resolves true once the message is committed or refused; false when stopped before that. */
  handle(topic: string, raw: Uint8Array): Promise<boolean> {
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
      return Promise.resolve(true);
    }
    if (this.#stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.#queue.push({ message: checked.message, topic, resolve });
      if (!this.#draining) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#queue.length > 0 && !this.#stopped) {
        await this.#commit(this.#queue.splice(0, this.o.maxBatch ?? 200));
      }
    } finally {
      this.#draining = false;
    }
  }

  async #commit(batch: Pending[]): Promise<void> {
    const c = this.counters;
    let delay = this.o.retryMs ?? 200;
    for (;;) {
      if (this.#stopped) {
        for (const p of batch) p.resolve(false);
        return;
      }
      try {
        const results = await this.#store.applyMany(
          batch.map((p) => p.message),
          new Date(this.o.clock.now()),
        );
        c.batches++;
        const now = this.o.clock.now();
        results.forEach((r, i) => {
          if (r === 'duplicate') c.duplicates++;
          else if (r === 'stored') c.stored++;
          const body = batch[i]!.message.body as { ts?: string; historical?: boolean };
          if (!body.historical && typeof body.ts === 'string') c.lagMs.push(now - Date.parse(body.ts));
        });
        if (c.lagMs.length > LAG_SAMPLES) c.lagMs.splice(0, c.lagMs.length - LAG_SAMPLES);
        for (const p of batch) p.resolve(true);
        return;
      } catch (err) {
        c.retries++;
        this.o.logger.warn(
          { code: 'FLEET_INGEST_RETRY', err, topic: batch[0]!.topic.slice(0, 200), batch: batch.length },
          'fleet ingest: database error, retrying',
        );
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 5000);
      }
    }
  }
}
