import type { Clock } from '../../core/clock.js';
import type { ConnectFactory } from '../../telemetry/connection.js';
import type { MqttConfig, TelemetryLogger } from '../../telemetry/types.js';
import { SimStation, type OwnCounts } from './sim-station.js';

export interface SimulatorOptions {
  stations: number;
  /** Stations per site (default 10): site-001 holds sim-0001 … sim-0010. */
  perSite?: number;
  broker: string;
  dataDir: string;
  clock: Clock;
  /** Cards per station per hour (of the clock given). */
  rate: number;
  /** Chance per station per hour that its printer faults (cleared again after a while). */
  faultRate?: number;
  healthIntervalSeconds?: number;
  logger?: TelemetryLogger;
  connect?: ConnectFactory;
  mqtt?: Partial<MqttConfig>;
  /** Random source (tests pass a seeded one). */
  random?: () => number;
}

const silent: TelemetryLogger = { info() {}, warn() {}, error() {}, debug() {} };
const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Every simulated station's own counts per day: `{ 'site/station': { day: counts } }`. */
export type OwnCountsReport = Record<string, Record<string, OwnCounts>>;

/**
 * N light stations in one process (`cardgate hq simulate`): started a few at a time so the
 * broker is not hit by N connects at once; `tick(ms)` advances the synthetic traffic by a span
 * of the clock (a real-time loop calls it every 100 ms; tests call it with scaled spans).
 */
export class Simulator {
  readonly stations: SimStation[] = [];
  readonly #random: () => number;
  #carry = 0;

  constructor(private readonly o: SimulatorOptions) {
    this.#random = o.random ?? Math.random;
    const perSite = o.perSite ?? 10;
    for (let i = 0; i < o.stations; i++) {
      this.stations.push(
        new SimStation({
          site: `site-${pad(Math.floor(i / perSite) + 1, 3)}`,
          id: `sim-${pad(i + 1, 4)}`,
          broker: o.broker,
          dataDir: o.dataDir,
          clock: o.clock,
          healthIntervalSeconds: o.healthIntervalSeconds ?? 30,
          logger: o.logger ?? silent,
          ...(o.connect ? { connect: o.connect } : {}),
          ...(o.mqtt ? { mqtt: o.mqtt } : {}),
        }),
      );
    }
  }

  async start(concurrency = 50): Promise<void> {
    for (let i = 0; i < this.stations.length; i += concurrency)
      await Promise.all(this.stations.slice(i, i + concurrency).map((s) => s.telemetry.start()));
  }

  /** Issue cards and flip faults for a span of `ms` of the clock, at the configured rates. */
  tick(ms: number): number {
    const hours = ms / 3_600_000;
    this.#carry += this.stations.length * this.o.rate * hours;
    let issued = 0;
    while (this.#carry >= 1) {
      this.#carry--;
      const s = this.stations[Math.floor(this.#random() * this.stations.length)]!;
      const r = this.#random();
      s.issue(r < 0.02 ? 'failed' : r < 0.05 ? 'voided' : 'done');
      issued++;
    }
    const faultChance = (this.o.faultRate ?? 0.05) * hours;
    for (const s of this.stations) {
      if (s.faulty ? this.#random() < faultChance * 20 : this.#random() < faultChance) s.fault(!s.faulty);
    }
    return issued;
  }

  /** Resolves true once every station's outbox is empty (everything acknowledged by the broker). */
  async drained(timeoutMs = 60_000): Promise<boolean> {
    const all = await Promise.all(this.stations.map((s) => s.telemetry.drained(timeoutMs)));
    return all.every(Boolean);
  }

  connected(): number {
    return this.stations.filter((s) => s.telemetry.status().connected).length;
  }

  ownCounts(): OwnCountsReport {
    const out: OwnCountsReport = {};
    for (const s of this.stations) out[`${s.site}/${s.id}`] = Object.fromEntries(s.own);
    return out;
  }

  /** Totals per day over every station (what HQ's site totals must add up to). */
  totals(): Record<string, OwnCounts> {
    const out: Record<string, OwnCounts> = {};
    for (const s of this.stations)
      for (const [day, c] of s.own) {
        const t = (out[day] ??= { issued: 0, voided: 0, failed: 0 });
        t.issued += c.issued;
        t.voided += c.voided;
        t.failed += c.failed;
      }
    return out;
  }

  async stop(concurrency = 200): Promise<void> {
    for (let i = 0; i < this.stations.length; i += concurrency)
      await Promise.all(this.stations.slice(i, i + concurrency).map((s) => s.telemetry.stop()));
  }
}
