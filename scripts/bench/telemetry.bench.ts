/**
 * Telemetry benchmarks: outbox drain after an outage (10,000 messages to mosquitto on loopback,
 * QoS 1) and fleet-monitor ingest for 500 simulated stations (in process and through mosquitto).
 */
import mqtt from 'mqtt';
import { Value } from 'typebox/value';
import { EventBus } from '../../gateway/core/events.js';
import { DeviceRegistry } from '../../gateway/core/registry.js';
import { systemClock } from '../../gateway/core/clock.js';
import { MqttSection } from '../../gateway/config/sections/mqtt.js';
import { StationSection } from '../../gateway/config/sections/station.js';
import { createTelemetry } from '../../gateway/telemetry/index.js';
import type { MqttConfig, StationConfig } from '../../gateway/telemetry/types.js';
import { FleetState } from '../../gateway/fleet/fleet-state.js';
import { startFleetMonitor } from '../../gateway/fleet/index.js';
import { startMosquitto } from '../../tests/helpers/mosquitto.js';
import { waitFor } from '../../tests/helpers/processes.js';
import { tempDir } from '../../tests/telemetry/fixtures.js';
import type { BenchRow } from './row.js';

const DRAIN = 10_000;
const STATIONS = 500;
const PER_STATION = 20;

async function outboxDrain(): Promise<BenchRow[]> {
  // Persistence keeps headquarters' session (and its queue) through the outage.
  const broker = await startMosquitto({ persistence: true });
  let received = 0;
  const sub = mqtt.connect(broker.url, {
    protocolVersion: 5,
    clientId: 'bench-hq',
    clean: false,
    properties: { sessionExpiryInterval: 3600 },
    reconnectPeriod: 20,
  });
  await new Promise<void>((r) =>
    sub.once('connect', () => sub.subscribe('cardgate/+/+/events', { qos: 1 }, () => r())),
  );
  sub.on('message', () => received++);
  try {
    await broker.stop(); // the outage
    const bus = new EventBus();
    const counters = () => ({
      totals: { issued: 0, spoiled: 0, voided: 0, byKind: {} },
      today: { date: '2026-11-28', issued: 0, spoiled: 0, voided: 0 },
      stock: { loaded: 0, inFeeder: 0, good: 0, spoiled: 0 },
      numbers: { remaining: 0 },
    });
    const telemetry = createTelemetry({
      config: {
        ...(Value.Default(MqttSection, {}) as MqttConfig),
        url: broker.url,
        reconnectMinMs: 20,
        reconnectMaxMs: 100,
      },
      station: Value.Default(StationSection, {}) as StationConfig,
      bus,
      registry: new DeviceRegistry(bus, systemClock),
      clock: systemClock,
      dataDir: tempDir('cardgate-bench-'),
      counters,
      commands: { lock() {}, unlock() {}, assignNumberBlock() {}, diagnostics: () => ({}) },
      logger: { info() {}, warn() {}, error() {}, debug() {} },
    });
    await telemetry.start();
    for (let i = 0; i < DRAIN; i++)
      bus.emit('station:event', { level: 'info', code: 'BENCH', message: '', source: 'bench' });
    await waitFor(() => telemetry.status().outboxDepth >= DRAIN, {
      timeoutMs: 30_000,
      what: 'outbox filled',
    });
    await broker.start();
    await waitFor(() => telemetry.status().connected, {
      intervalMs: 1,
      timeoutMs: 20_000,
      what: 'reconnect',
    });
    const t0 = performance.now();
    const drained = await telemetry.drained(30_000);
    const ms = performance.now() - t0;
    await waitFor(() => received >= DRAIN, { timeoutMs: 30_000, what: 'all received' });
    await telemetry.stop();
    if (!drained) throw new Error('outbox did not drain');
    return [
      {
        name: `outbox drain of ${DRAIN} QoS 1 messages after an outage`,
        value: ms,
        unit: 'ms',
        goal: '< 2000 ms',
      },
      { name: 'outbox drain rate', value: Math.round(DRAIN / (ms / 1000)), unit: 'msg/s' },
    ];
  } finally {
    sub.end(true);
    await broker.close();
  }
}

function stationMessages(): { topic: string; payload: string }[] {
  const out: { topic: string; payload: string }[] = [];
  const ts = new Date().toISOString();
  for (let s = 0; s < STATIONS; s++) {
    const base = `cardgate/site-${s % 50}/station-${s}`;
    const env = (seq: number) => ({ v: 1, seq, bootId: `boot-${s}-0000`, ts });
    out.push({
      topic: `${base}/status`,
      payload: JSON.stringify({ ...env(1), state: 'online', version: '0.1.0', bootTime: ts }),
    });
    out.push({
      topic: `${base}/health`,
      payload: JSON.stringify({
        ...env(1),
        devices: [
          {
            id: 'printer-1',
            class: 'printer',
            state: s % 17 ? 'online' : 'fault',
            lastErrorCode: null,
            readings: { 'ribbon.remainingPercent': s % 100 },
          },
          { id: 'encoder-1', class: 'encoder', state: 'online', lastErrorCode: null, readings: {} },
        ],
        system: { clock: 'synchronised' },
        outbox: { depth: 0 },
      }),
    });
    for (let i = 1; i <= PER_STATION - 3; i++)
      out.push({
        topic: `${base}/events`,
        payload: JSON.stringify({
          ...env(i),
          level: 'info',
          code: 'JOB_DONE',
          source: 'issuance',
          detail: { jobId: `j${i}` },
        }),
      });
    out.push({
      topic: `${base}/counters`,
      payload: JSON.stringify({
        ...env(1),
        totals: { issued: PER_STATION },
        today: { issued: PER_STATION },
        stock: { inFeeder: 50 },
      }),
    });
  }
  return out;
}

function fleetInProcess(): BenchRow[] {
  const msgs = stationMessages().map((m) => ({ topic: m.topic, payload: Buffer.from(m.payload) }));
  const state = new FleetState({
    prefix: 'cardgate',
    silenceMs: 180_000,
    clockSkewMs: 120_000,
    cardStockLow: 20,
    eventsKept: 1000,
  });
  const t0 = performance.now();
  const now = Date.now();
  for (const m of msgs) state.ingest(m.topic, m.payload, now);
  const ms = performance.now() - t0;
  if (state.stations.size !== STATIONS)
    throw new Error(`expected ${STATIONS} stations, got ${state.stations.size}`);
  return [
    {
      name: `fleet ingest in process, ${STATIONS} stations × ${PER_STATION} messages`,
      value: Math.round(msgs.length / (ms / 1000)),
      unit: 'msg/s',
    },
  ];
}

async function fleetThroughBroker(): Promise<BenchRow[]> {
  const broker = await startMosquitto();
  const fleet = await startFleetMonitor({ broker: broker.url, port: 0 });
  try {
    await waitFor(() => fleet.connected(), { what: 'fleet connected' });
    await new Promise((r) => setTimeout(r, 200)); // let the SUBACKs land before publishing
    const msgs = stationMessages();
    const pub = mqtt.connect(broker.url, { protocolVersion: 5 });
    await new Promise<void>((r) => pub.once('connect', () => r()));
    const t0 = performance.now();
    for (const m of msgs) pub.publish(m.topic, m.payload, { qos: 1 });
    await waitFor(() => fleet.state.messages >= msgs.length, {
      intervalMs: 2,
      timeoutMs: 30_000,
      what: 'fleet ingested',
    });
    const ms = performance.now() - t0;
    pub.end(true);
    const metrics = await (await fetch(`${fleet.url}/metrics`)).text();
    const t1 = performance.now();
    await fetch(`${fleet.url}/`);
    const pageMs = performance.now() - t1;
    return [
      {
        name: `fleet ingest through mosquitto, ${STATIONS} stations × ${PER_STATION} QoS 1 messages`,
        value: Math.round(msgs.length / (ms / 1000)),
        unit: 'msg/s',
      },
      {
        name: `/metrics size for ${STATIONS} stations`,
        value: Math.round(metrics.length / 1024),
        unit: 'KiB',
      },
      { name: `fleet page render for ${STATIONS} stations`, value: pageMs, unit: 'ms' },
    ];
  } finally {
    await fleet.close();
    await broker.close();
  }
}

export async function run(): Promise<BenchRow[]> {
  return [...(await outboxDrain()), ...fleetInProcess(), ...(await fleetThroughBroker())];
}
