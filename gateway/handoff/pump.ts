import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import { problemOf, type HqResponse } from '../enrolment/hq-client.js';
import type { Outbox, OutboxEntry } from '../telemetry/outbox.js';

/** What an outbox entry of the hand-off holds: the sealed record and what the books need. */
export interface RecordEntry {
  recordId: string;
  jobId: string;
  jwe: string;
  queuedAt: string;
}

export interface HandoffPumpOptions {
  outbox: Outbox;
  post(jwe: string): Promise<HqResponse>;
  /** HQ stored it (201) or had it (200): the books note the acknowledgement before the outbox drops it. */
  acknowledged(entry: RecordEntry, result: 'created' | 'duplicate'): Promise<void>;
  failed(code: string, message: string): Promise<void>;
  clock: Clock;
  log: Logger;
  retryMinMs: number;
  retryMaxMs: number;
  random?: () => number;
}

/**
 * Sends the outbox's records to HQ one at a time, in order: the next leaves only after HQ
 * acknowledged the one before, so the backlog drains in the order cards were finished. A
 * failure (HQ unreachable, 5xx, a refusal) keeps the record in place and retries it after a
 * jittered exponential delay ("full jitter": uniform in [0, min(max, min·2ⁿ)]), so stations
 * that lost HQ together do not come back together.
 */
export class HandoffPump {
  #running = false;
  #stopped = false;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  #drainWaiters: (() => void)[] = [];

  constructor(private readonly o: HandoffPumpOptions) {}

  kick(): void {
    if (this.#running || this.#stopped || this.#timer) return;
    this.#running = true;
    void this.#loop().finally(() => {
      this.#running = false;
    });
  }

  /** Retry now (HQ is back, or a technician asked): the backoff timer is cut short. */
  retryNow(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.kick();
  }

  /** Resolves once the outbox is empty. */
  drained(): Promise<void> {
    if (this.o.outbox.depth === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #loop(): Promise<void> {
    const { outbox } = this.o;
    while (!this.#stopped) {
      const [entry] = outbox.takeUnsent(1);
      if (!entry) {
        if (outbox.depth === 0) for (const w of this.#drainWaiters.splice(0)) w();
        return;
      }
      const ok = await this.#send(entry);
      if (!ok) {
        outbox.resetUnsent();
        this.#attempt++;
        const cap = Math.min(this.o.retryMaxMs, this.o.retryMinMs * 2 ** Math.min(this.#attempt, 30));
        const delay = Math.round((this.o.random ?? Math.random)() * cap);
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          this.kick();
        }, delay);
        this.#timer.unref();
        return;
      }
      this.#attempt = 0;
    }
  }

  async #send(entry: OutboxEntry): Promise<boolean> {
    const record = entry.payload as unknown as RecordEntry;
    let res: HqResponse;
    try {
      res = await this.o.post(record.jwe);
    } catch (e) {
      await this.#fail('HANDOFF_UNREACHABLE', (e as Error).message, record);
      return false;
    }
    if (res.status === 200 || res.status === 201) {
      await this.o.acknowledged(record, res.status === 201 ? 'created' : 'duplicate');
      this.o.outbox.ack(entry);
      return true;
    }
    const p = problemOf(res.body);
    const code = res.status >= 500 || !p ? 'HANDOFF_UNREACHABLE' : 'HANDOFF_REFUSED';
    await this.#fail(code, p ? `${p.code}: ${p.detail}` : `HQ answered ${res.status}`, record);
    return false;
  }

  async #fail(code: string, message: string, record: RecordEntry): Promise<void> {
    this.o.log.warn(
      { code, recordId: record.recordId, reason: message },
      'record not handed off; will retry',
    );
    await this.o.failed(code, message).catch(() => undefined);
  }
}
