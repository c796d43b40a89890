import { join } from 'node:path';
import { Value } from 'typebox/value';
import { EventBus, type StationCounters } from '../../core/events.js';
import { DeviceRegistry } from '../../core/registry.js';
import type { Clock } from '../../core/clock.js';
import { MqttSection } from '../../config/sections/mqtt.js';
import { createTelemetry, type Telemetry } from '../../telemetry/index.js';
import type { ConnectFactory } from '../../telemetry/connection.js';
import type { MqttConfig, TelemetryLogger } from '../../telemetry/types.js';

export interface SimStationOptions {
  site: string;
  id: string;
  broker: string;
  dataDir: string;
  clock: Clock;
  healthIntervalSeconds: number;
  logger: TelemetryLogger;
  connect?: ConnectFactory;
  /** Extra mqtt section settings (reconnect delays in tests). */
  mqtt?: Partial<MqttConfig>;
}

/** A station's own figures per UTC day: what HQ's counts must equal. */
export interface OwnCounts {
  issued: number;
  voided: number;
  failed: number;
}

/**
 * One light station: the real telemetry (contract, durable outbox, seq/bootId, last will) on a
 * bus and device registry of its own, with synthetic issuance and device faults instead of
 * drivers. It keeps its own exact counts per day, made at the moment each event is emitted.
 */
export class SimStation {
  readonly bus = new EventBus();
  readonly registry: DeviceRegistry;
  readonly telemetry: Telemetry;
  readonly own = new Map<string, OwnCounts>();
  #jobs = 0;
  readonly #counters: StationCounters;

  constructor(private readonly o: SimStationOptions) {
    this.registry = new DeviceRegistry(this.bus, o.clock);
    const base = { driver: 'simulated', transport: 'none', emulated: true };
    this.registry.register({ id: 'printer-1', class: 'printer', ...base });
    this.registry.register({ id: 'encoder-1', class: 'encoder', ...base });
    this.registry.update('printer-1', { state: 'online', seen: true, info: { ribbonRemaining: 500 } });
    this.registry.update('encoder-1', { state: 'online', seen: true });
    const day = new Date(o.clock.now()).toISOString().slice(0, 10);
    this.#counters = {
      totals: { issued: 0, spoiled: 0, voided: 0, byKind: {} },
      today: { date: day, issued: 0, spoiled: 0, voided: 0 },
      stock: { loaded: 500, inFeeder: 200, good: 0, spoiled: 0 },
      numbers: { remaining: 100_000 },
    };
    const config: MqttConfig = {
      ...(Value.Default(MqttSection, {}) as MqttConfig),
      url: o.broker,
      healthIntervalSeconds: o.healthIntervalSeconds,
      // Thousands of stations in one process: batch the outbox's fsyncs more than an appliance.
      outboxFsyncMs: 500,
      ...o.mqtt,
    };
    this.telemetry = createTelemetry({
      config,
      station: { site: o.site, id: o.id, name: `Simulated ${o.site}/${o.id}`, locale: 'en', training: false },
      bus: this.bus,
      registry: this.registry,
      clock: o.clock,
      dataDir: join(o.dataDir, `${o.site}--${o.id}`),
      counters: () => structuredClone(this.#counters),
      commands: {
        lock: () => {},
        unlock: () => {},
        assignNumberBlock: () => undefined,
        diagnostics: () => ({ simulated: true }),
      },
      logger: o.logger,
      ...(o.connect ? { connect: o.connect } : {}),
    });
  }

  get site(): string {
    return this.o.site;
  }
  get id(): string {
    return this.o.id;
  }

  /** A card issued (done), voided or failed: one event, counted here as the station counts it. */
  issue(outcome: 'done' | 'voided' | 'failed' = 'done'): void {
    const day = new Date(this.o.clock.now()).toISOString().slice(0, 10);
    const own = this.own.get(day) ?? { issued: 0, voided: 0, failed: 0 };
    this.own.set(day, own);
    const c = this.#counters;
    if (c.today.date !== day) c.today = { date: day, issued: 0, spoiled: 0, voided: 0 };
    if (outcome === 'done') {
      own.issued++;
      c.totals.issued++;
      c.totals.byKind.new = (c.totals.byKind.new ?? 0) + 1;
      c.today.issued++;
      c.stock.inFeeder = Math.max(0, c.stock.inFeeder - 1);
      c.numbers.remaining--;
    } else if (outcome === 'voided') {
      own.voided++;
      c.totals.voided++;
      c.today.voided++;
    } else own.failed++;
    const jobId = `sim-${++this.#jobs}`;
    const error = outcome === 'failed' ? { code: 'PRINTER_JAM', message: 'jam', needsOperator: true } : null;
    this.bus.emit('issuance:job', { jobId, kind: 'new', status: outcome, documentNumber: null, error });
    this.bus.emit('issuance:counters', { counters: structuredClone(c) });
  }

  /** A printer fault (or its end): the registry changes, telemetry reports it. */
  fault(on: boolean): void {
    this.registry.update(
      'printer-1',
      on
        ? { state: 'fault', lastErrorCode: 'RIBBON_ENDED' }
        : { state: 'online', lastErrorCode: null, seen: true },
    );
  }

  get faulty(): boolean {
    return this.registry.get('printer-1')?.state === 'fault';
  }
}
