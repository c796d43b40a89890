import type { Clock } from '../core/clock.js';
import type { DeviceRegistry } from '../core/registry.js';
import type { Message, Publisher } from './publisher.js';
import { summariseDevice, systemHealth } from './system-health.js';
import type { KeyStoreHealth } from '../keys/key-store-watch.js';
import type { HandoffStatus } from '../handoff/handoff.js';
import type { LineHealthSample } from './types.js';

const keyStoreSummary = (h: KeyStoreHealth) => ({
  kind: h.kind,
  development: h.development,
  usable: h.usable,
  reason: h.usable ? (h.development ? 'development-file-store' : null) : (h.reason ?? 'unknown').slice(0, 40),
  since: h.since,
});

/** The hand-off's numbers for HQ's backlog alert: counts, times and a code; nothing of a person. */
const handoffSummary = (h: HandoffStatus) => ({
  pending: h.pending,
  oldestPendingAgeSeconds: h.oldestPendingAgeSeconds,
  lastAckAt: h.lastAckAt,
  lastErrorCode: h.lastError ? h.lastError.code.slice(0, 40) : null,
});

export interface HealthReporterOptions {
  publisher: Publisher;
  registry: DeviceRegistry;
  clock: Clock;
  dataDir: string;
  intervalSeconds: number;
  outbox(): { depth: number; overLimit: boolean };
  /** The key store's state (gateway/keys/key-store-watch.ts), when the station has one. */
  keyStore?: () => KeyStoreHealth;
  /** The hand-off of records to HQ (gateway/handoff), when the station is enrolled. */
  handoff?: () => HandoffStatus;
  /** Each print line's health (issue 19), when the station issues cards. */
  lines?: () => LineHealthSample[];
  onError(error: unknown): void;
}

/**
 * Periodic health samples (QoS 0, never stored): while offline only the latest one is kept and
 * sent on reconnect, marked historical, with the number of samples it replaced.
 */
export class HealthReporter {
  #timer: NodeJS.Timeout | undefined;
  #soon: NodeJS.Timeout | undefined;
  #pending: Message<'health'> | undefined;
  #coalesced = 0;
  intervalSeconds: number;

  constructor(private readonly o: HealthReporterOptions) {
    this.intervalSeconds = o.intervalSeconds;
  }

  async sample(): Promise<void> {
    const { publisher: p } = this.o;
    const message = p.message('health', {
      devices: this.o.registry.list().map(summariseDevice),
      system: await systemHealth(this.o.dataDir, this.o.clock),
      outbox: { ...this.o.outbox(), coalescedHealth: this.#coalesced },
      ...(this.o.keyStore ? { keyStore: keyStoreSummary(this.o.keyStore()) } : {}),
      ...(this.o.handoff ? { handoff: handoffSummary(this.o.handoff()) } : {}),
      ...(this.o.lines ? { lines: this.o.lines().slice(0, 16) } : {}),
    });
    if (p.connected) p.direct('health', message, { retain: false, qos: 0 });
    else {
      if (this.#pending) this.#coalesced++;
      this.#pending = { ...message, historical: true };
    }
  }

  /** The link is back: the sample held while offline goes first. */
  flushPending(): void {
    if (!this.#pending) return;
    this.o.publisher.direct('health', this.#pending, { retain: false, qos: 0 });
    this.#pending = undefined;
  }

  /** Start (or restart with a new period) the periodic samples. */
  schedule(intervalSeconds = this.intervalSeconds): void {
    this.intervalSeconds = intervalSeconds;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = setInterval(() => void this.sample().catch(this.o.onError), intervalSeconds * 1000);
    this.#timer.unref();
  }

  /** A device changed state: tell headquarters soon rather than at the next period. */
  soon(): void {
    this.#soon ??= setTimeout(() => {
      this.#soon = undefined;
      void this.sample().catch(this.o.onError);
    }, 500);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    if (this.#soon) clearTimeout(this.#soon);
    this.#timer = this.#soon = undefined;
  }
}
