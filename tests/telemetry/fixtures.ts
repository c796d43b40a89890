import mqtt, { type MqttClient, type IClientOptions } from 'mqtt';
import Type from 'typebox';
import { Value } from 'typebox/value';
import { EventBus, type StationCounters } from '../../gateway/core/events.js';
import { DeviceRegistry } from '../../gateway/core/registry.js';
import { systemClock } from '../../gateway/core/clock.js';
import { MqttSection } from '../../gateway/config/sections/mqtt.js';
import { StationSection } from '../../gateway/config/sections/station.js';
import { createTelemetry, startEmbeddedBroker, type TelemetryDeps } from '../../gateway/telemetry/index.js';
import { embeddedCredentials, embeddedUsers } from '../../gateway/telemetry/broker-credentials.js';
import { generateCommandKey, signCommand } from '../../gateway/telemetry/command-token.js';
import type { CommandName } from '../../gateway/telemetry/contract/index.js';
import type { MqttConfig, StationConfig } from '../../gateway/telemetry/types.js';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.js';
import { waitFor } from '../helpers/processes.js';
import { makeTempDir } from '../helpers/temp-dir.js';

export const tempDir = (p = 'cardgate-telemetry-'): string => makeTempDir(p);

/** Headquarters' command key for the tests; its public half is enrolled at every test station. */
export const hqKey = await generateCommandKey('test-hq');

/**
 * A command for `dev-site/station-1` as headquarters signs it. `body` is the command's JSON body
 * (`v`, `requestId` and the arguments), so tests can also sign bodies that are off the contract.
 */
export function signed(
  name: string,
  body: Record<string, unknown> = {},
  opts: {
    site?: string;
    station?: string;
    ttlSeconds?: number;
    now?: number;
    key?: typeof hqKey.privateJwk;
  } = {},
): Promise<string> {
  return signCommand({
    key: opts.key ?? hqKey.privateJwk,
    site: opts.site ?? 'dev-site',
    station: opts.station ?? 'station-1',
    command: name as CommandName,
    args: body,
    ...(opts.ttlSeconds !== undefined ? { ttlSeconds: opts.ttlSeconds } : {}),
    ...(opts.now !== undefined ? { now: opts.now } : {}),
  });
}

export function mqttConfig(over: Partial<MqttConfig> = {}): MqttConfig {
  return {
    ...(Value.Default(MqttSection, {}) as MqttConfig),
    reconnectMinMs: 100,
    reconnectMaxMs: 1000,
    outboxFsyncMs: 20,
    ...over,
  };
}
export function stationConfig(over: Partial<StationConfig> = {}): StationConfig {
  return { ...(Value.Default(StationSection, {}) as StationConfig), ...over };
}

/** A counters source the test drives like the issuance service would. */
export class FakeIssuance {
  counters: StationCounters = {
    totals: { issued: 0, spoiled: 0, voided: 0, byKind: {} },
    today: { date: '2026-11-28', issued: 0, spoiled: 0, voided: 0 },
    stock: { loaded: 500, inFeeder: 100, good: 0, spoiled: 0 },
    numbers: { remaining: 1000 },
  };
  constructor(public bus: EventBus) {}
  issue(kind: 'new' | 'reissue' | 'extension', jobId: string): void {
    const c = this.counters;
    c.totals.issued++;
    c.totals.byKind[kind] = (c.totals.byKind[kind] ?? 0) + 1;
    c.today.issued++;
    c.stock.inFeeder--;
    c.stock.good++;
    c.numbers.remaining--;
    this.bus.emit('issuance:job', { jobId, kind, status: 'done', documentNumber: `RO${jobId}`, error: null });
    this.bus.emit('issuance:counters', { counters: structuredClone(c) });
  }
}

export function telemetryDeps(over: Partial<TelemetryDeps> & { mqtt?: Partial<MqttConfig> } = {}) {
  const bus = over.bus ?? new EventBus();
  const registry = over.registry ?? new DeviceRegistry(bus, systemClock);
  const issuance = new FakeIssuance(bus);
  const locks: string[] = [];
  const blocks: unknown[] = [];
  const deps: TelemetryDeps = {
    config: mqttConfig({ commandKeys: hqKey.publicJwks as MqttConfig['commandKeys'], ...over.mqtt }),
    station: stationConfig(),
    bus,
    registry,
    clock: systemClock,
    dataDir: over.dataDir ?? tempDir(),
    counters: () => structuredClone(issuance.counters),
    commands: {
      lock: (reason) => void locks.push(reason),
      unlock: () => void locks.push('unlock'),
      assignNumberBlock: async (block) => void blocks.push(block),
      diagnostics: () => ({ config: { mqtt: { url: 'redacted' } } }),
    },
    logger: { info() {}, warn() {}, error() {}, debug() {} },
    // Every message the station makes is checked against its topic's schema before it leaves.
    checkPayloads: true,
    ...over,
  };
  return { deps, bus, registry, issuance, locks, blocks, telemetry: createTelemetry(deps) };
}

export interface Received {
  topic: string;
  payload: Record<string, unknown>;
  retain: boolean;
}

/** A data-centre side client recording everything under the prefix. */
export async function recorder(url: string, opts: IClientOptions = {}, topic = 'cardgate/#') {
  const client: MqttClient = mqtt.connect(url, { reconnectPeriod: 100, ...opts });
  const messages: Received[] = [];
  client.on('message', (t, buf, packet) => {
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(buf.toString()) as Record<string, unknown>;
    } catch {
      payload = { raw: buf.toString() };
    }
    messages.push({ topic: t, payload, retain: packet.retain });
  });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => client.subscribe(topic, { qos: 1 }, (e) => (e ? reject(e) : resolve())));
    client.once('error', reject);
  });
  const of = (suffix: string) => messages.filter((m) => m.topic.endsWith(`/${suffix}`));
  return {
    client,
    messages,
    of,
    waitFor: (
      suffix: string,
      pred: (p: Record<string, unknown>) => boolean = () => true,
      timeoutMs = 10_000,
    ) => waitFor(() => of(suffix).find((m) => pred(m.payload)), { timeoutMs, what: `message on ${suffix}` }),
    close: () => new Promise<void>((r) => client.end(true, {}, () => r())),
  };
}

export const Any = Type.Any();

/**
 * For a describe block: one TLS mosquitto for all its tests (`broker()`), and a `cleanup` list
 * each test pushes closers onto, run newest first after every test.
 */
export function tlsBrokerSuite(): { broker: () => Mosquitto; cleanup: (() => Promise<unknown>)[] } {
  let broker: Mosquitto | undefined;
  const cleanup: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    broker = await startMosquitto({ tls: true });
  });
  afterAll(async () => {
    await broker?.close();
  });
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });
  return { broker: () => broker!, cleanup };
}

/**
 * The embedded aedes broker as a station starts it: accounts from a data directory, the station's
 * and HQ's, with the station `dev-site/station-1`'s topic rights.
 */
export async function embeddedBroker(port = 0) {
  const dataDir = tempDir('cardgate-embedded-');
  const creds = await embeddedCredentials(dataDir);
  const users = embeddedUsers(creds, { prefix: 'cardgate', site: 'dev-site', id: 'station-1' });
  const broker = await startEmbeddedBroker({ port, users });
  return { broker, dataDir, station: creds.station, hq: creds.hq, users };
}
