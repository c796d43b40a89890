import type { Outbox } from './outbox.js';
import type { Publish } from './mqtt-link.js';

/** Messages allowed in flight (unacknowledged) at once; mqtt.js message ids are 16-bit. */
export const WINDOW = 4000;

export interface PumpLink {
  readonly connected: boolean;
  /** Changes whenever the client changes: a callback from an older client is stale. */
  readonly generation: number;
  publish: Publish;
}

export interface OutboxPumpOptions {
  outbox: Outbox;
  link: PumpLink;
  /** `<prefix>/<site>/<station>`; entries hold the topic below it. */
  base: string;
  onError(error: Error): void;
  onPublished(): void;
  retryMs?: number;
}

/**
 * Moves outbox entries to the broker in order, up to WINDOW in flight; an entry leaves the
 * outbox only on its PUBACK. A publish the broker refuses stays in place and is retried: the
 * outbox never skips an entry.
 */
export class OutboxPump {
  #inflight = 0;
  #retry: NodeJS.Timeout | undefined;
  readonly #drainWaiters: (() => void)[] = [];

  constructor(private readonly o: OutboxPumpOptions) {}

  get inflight(): number {
    return this.#inflight;
  }

  pump(): void {
    const { outbox, link, base } = this.o;
    if (!link.connected) return;
    const gen = link.generation;
    for (const entry of outbox.takeUnsent(WINDOW - this.#inflight)) {
      this.#inflight++;
      const payload = entry.deferred ? { ...entry.payload, historical: true } : entry.payload;
      link.publish(
        `${base}/${entry.topic}`,
        JSON.stringify(payload),
        { qos: 1, retain: entry.retain },
        (err) => {
          if (gen !== link.generation) return;
          this.#inflight--;
          if (err) {
            // Refused by the broker (a PUBACK reason code): keep the entry in place, retry later.
            this.o.onError(err);
            entry.sent = false;
            entry.deferred = true;
            this.#retry ??= setTimeout(() => {
              this.#retry = undefined;
              this.pump();
            }, this.o.retryMs ?? 1000);
            return;
          }
          this.o.onPublished();
          outbox.ack(entry);
          if (this.#inflight === 0 && outbox.depth === 0) for (const w of this.#drainWaiters.splice(0)) w();
          if (this.#inflight < WINDOW / 2) this.pump();
        },
      );
    }
  }

  /** The link dropped: whatever was in flight is unacknowledged and will be sent again. */
  linkLost(): void {
    this.#inflight = 0;
    this.o.outbox.resetUnsent();
  }

  /** Resolves true once everything stored was acknowledged, false after `timeoutMs`. */
  drained(timeoutMs: number): Promise<boolean> {
    if (this.o.outbox.depth === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), timeoutMs);
      this.#drainWaiters.push(() => {
        clearTimeout(t);
        resolve(true);
      });
    });
  }

  stop(): void {
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = undefined;
  }
}
