import type { KeyStoreHealth } from '../keys/key-store-watch.js';
import type { HandoffStatus } from '../handoff/handoff.js';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { EventBus, StationCounters } from '../core/events.js';
import type { DeviceRegistry } from '../core/registry.js';
import type { Clock } from '../core/clock.js';
import { CardgateError } from '../core/errors.js';
import { CONTRACT_VERSION, COMMAND_NAMES, stationBase } from './contract/index.js';
import { Outbox } from './outbox.js';
import { brokerUrl, redactUrl, type ConnectFactory } from './connection.js';
import { summariseDevice } from './system-health.js';
import { eventFromBus, type OutgoingEvent } from './event-mapping.js';
import { MqttLink } from './mqtt-link.js';
import { OutboxPump } from './outbox-pump.js';
import { Publisher } from './publisher.js';
import { HealthReporter } from './health-reporter.js';
import { CommandHandler } from './command-handler.js';
import { SeenCommandIds } from './command-replay.js';
import { loadCommandKeys } from './command-keys.js';
import { stationAudience } from './command-token.js';
import type {
  MqttConfig,
  StationConfig,
  TelemetryCommandHandlers,
  TelemetryLogger,
  TelemetryStatus,
  LineHealthSample,
} from './types.js';

export interface TelemetryDeps {
  config: MqttConfig;
  station: StationConfig;
  bus: EventBus;
  registry: DeviceRegistry;
  clock: Clock;
  dataDir: string;
  counters: () => StationCounters;
  commands: TelemetryCommandHandlers;
  logger: TelemetryLogger;
  connect?: ConnectFactory;
  /** Reported in status/birth; defaults to the package version. */
  version?: string;
  /** Check every published message against the contract schema (tests). */
  checkPayloads?: boolean;
  /** The key store's state for health samples. */
  keyStore?: () => KeyStoreHealth;
  /** The hand-off's backlog for health samples. */
  handoff?: () => HandoffStatus;
  /** Each print line's health for health samples; a line's state change sends one soon. */
  lines?: () => LineHealthSample[];
}

export interface Telemetry {
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): TelemetryStatus;
  rebirth(): Promise<void>;
  /** Resolves once everything stored in the outbox was acknowledged (tests, shutdown). */
  drained(timeoutMs?: number): Promise<boolean>;
}

const RECENT_EVENTS = 50;

/**
 * The station's telemetry: a façade that wires the broker link, the outbox and its pump, the
 * typed publisher, the health samples and the command handler to the station's bus.
 */
export function createTelemetry(deps: TelemetryDeps): Telemetry {
  const { config, station, bus, registry, clock, logger } = deps;
  const version = deps.version ?? process.env.npm_package_version ?? '0.1.0';
  const bootId = randomUUID();
  const bootTime = new Date(clock.now()).toISOString();
  const base = stationBase(config.prefix, station.site, station.id);
  const url = brokerUrl(config);
  const nowIso = () => new Date(clock.now()).toISOString();
  const recentEvents: { ts: string; level: string; code: string; source: string }[] = [];
  const unsubscribe: (() => void)[] = [];

  const pub = new Publisher({
    bootId,
    base,
    now: nowIso,
    maxPayloadBytes: config.maxPayloadBytes,
    logger,
    check: deps.checkPayloads ?? false,
  });
  const noteError = (e: unknown): void => {
    pub.lastError = e instanceof Error ? e.message : String(e);
    logger.warn({ err: pub.lastError }, 'telemetry error');
  };
  let outbox: Outbox | undefined;
  let pump: OutboxPump | undefined;

  const status = (state: 'online' | 'offline', reason?: 'will' | 'shutdown') =>
    pub.message('status', {
      state,
      version,
      bootTime,
      ...(reason ? { reason } : {}),
      // HQ keeps a training station's numbers apart from production's.
      ...(station.training ? { training: true } : {}),
    });
  const birth = () =>
    pub.message('birth', {
      site: station.site,
      station: station.id,
      name: station.name,
      version,
      node: process.version,
      bootTime,
      protocolVersion: link.protocol,
      healthIntervalSeconds: health.intervalSeconds,
      commands: [...COMMAND_NAMES],
      devices: registry.list().map(summariseDevice),
      ...(station.training ? { training: true } : {}),
    });
  const counters = (c: StationCounters) =>
    pub.durable(
      'counters',
      {
        totals: c.totals,
        today: c.today,
        stock: c.stock,
        numbers: c.numbers,
        ...(c.lines ? { lines: c.lines } : {}),
      },
      { retain: true, coalesce: 'counters' },
    );
  const publishEvent = (e: OutgoingEvent) => {
    recentEvents.push({ ts: nowIso(), level: e.level, code: e.code, source: e.source });
    if (recentEvents.length > RECENT_EVENTS) recentEvents.shift();
    return pub.durable('events', { ...e });
  };

  const link = new MqttLink({
    url,
    config,
    clientId: `cardgate-${station.site}-${station.id}`,
    logger,
    ...(deps.connect ? { connect: deps.connect } : {}),
    will: () => ({ topic: `${base}/status`, payload: JSON.stringify(status('offline', 'will')) }),
    onUp: (c) => {
      pub.connected = true;
      pub.lastError = null;
      // Subscribed before the birth goes out: HQ answers a birth with the commands a station
      // missed (document status changes), and the broker handles packets in order.
      c.subscribe(`${base}/cmd/+`, { qos: 1 }, (err) => err && noteError(err));
      pub.direct('status', status('online'), { retain: true, qos: 1 });
      pub.direct('birth', birth(), { retain: false, qos: 1 });
      // A restarted broker lost its retained state: send fresh counters after the backlog.
      void counters(deps.counters()).catch(noteError);
      health.flushPending();
      pump?.pump();
    },
    onDown: () => {
      pub.connected = false;
      pump?.linkLost();
    },
    onMessage: (topic, message) => commands.receive(topic.slice(`${base}/cmd/`.length), message),
    onError: noteError,
  });
  pub.publish = link.publish;

  const health = new HealthReporter({
    publisher: pub,
    registry,
    clock,
    dataDir: deps.dataDir,
    intervalSeconds: config.healthIntervalSeconds,
    outbox: () => ({ depth: outbox?.depth ?? 0, overLimit: outbox?.overLimit ?? false }),
    ...(deps.keyStore ? { keyStore: deps.keyStore } : {}),
    ...(deps.handoff ? { handoff: deps.handoff } : {}),
    ...(deps.lines ? { lines: deps.lines } : {}),
    onError: noteError,
  });

  const commands = new CommandHandler({
    publisher: pub,
    bus,
    logger,
    onError: noteError,
    audience: stationAudience(station.site, station.id),
    keys: () => loadCommandKeys(config, deps.dataDir),
    now: () => clock.now(),
    actions: {
      rebirth: () => rebirth(),
      setInterval: (s) => health.schedule(s),
      diagnostics: async (requestId) => {
        await pub.durable('diagnostics', {
          requestId,
          versions: { cardgate: version, node: process.version, contract: String(CONTRACT_VERSION) },
          devices: registry.list().map(summariseDevice),
          recentEvents: [...recentEvents],
          station: await deps.commands.diagnostics(),
          telemetry: { ...statusOf() },
        });
        return { topic: `${base}/diagnostics` };
      },
      lock: (reason) => deps.commands.lock(reason),
      unlock: () => deps.commands.unlock(),
      assignNumberBlock: (block) => deps.commands.assignNumberBlock(block),
      documentStatus: async (changes) => {
        if (!deps.commands.documentStatus)
          throw new CardgateError('STATUS_LIST_UNAVAILABLE', 'this station keeps no document status list');
        return deps.commands.documentStatus(changes);
      },
    },
  });

  async function rebirth(): Promise<void> {
    if (!link.connected) return;
    pub.direct('birth', birth(), { retain: false, qos: 1 });
    await health.sample();
    await counters(deps.counters());
  }

  function statusOf(): TelemetryStatus {
    return {
      enabled: config.enabled,
      connected: link.connected,
      broker: redactUrl(link.connected ? link.url : url),
      protocolVersion: link.connected ? link.protocol : null,
      bootId,
      outboxDepth: outbox?.depth ?? 0,
      outboxOverLimit: outbox?.overLimit ?? false,
      lastPublishedAt: pub.lastPublishedAt,
      lastError: pub.lastError,
      healthIntervalSeconds: health.intervalSeconds,
    };
  }

  function listen(): void {
    const on = (p: Promise<unknown> | undefined) => void p?.catch(noteError);
    const relay = (ev: OutgoingEvent | undefined) => ev && on(publishEvent(ev));
    unsubscribe.push(
      bus.on('issuance:counters', ({ counters: c }) => on(counters(c))),
      bus.on('station:event', (e) => relay(eventFromBus('station:event', e))),
      bus.on('station:lock', (e) => relay(eventFromBus('station:lock', e))),
      bus.on('issuance:job', (e) => relay(eventFromBus('issuance:job', e))),
      bus.on('issuance:line', () => health.soon()),
      bus.on('device:changed', (e) => {
        relay(eventFromBus('device:changed', e));
        if (e.previous !== e.state.state) health.soon();
      }),
    );
  }

  async function start(): Promise<void> {
    if (!config.enabled) return;
    outbox = await Outbox.open({
      dir: join(deps.dataDir, 'outbox'),
      maxMessages: config.outboxMaxMessages,
      fsyncIntervalMs: config.outboxFsyncMs,
      onError: noteError,
    });
    pub.outbox = outbox;
    commands.seen = await SeenCommandIds.open(join(deps.dataDir, 'commands', 'seen-ids.jsonl'), clock.now());
    const p = new OutboxPump({
      outbox,
      link,
      base,
      onError: noteError,
      onPublished: () => (pub.lastPublishedAt = nowIso()),
    });
    pump = p;
    outbox.onDurable = () => p.pump();
    listen();
    // Queued, not awaited: the outbox keeps it ahead of anything later, and waiting for its
    // fsync batch would only hold back the link and the station's start.
    void counters(deps.counters()).catch(noteError);
    health.schedule();
    link.start();
  }

  async function stop(): Promise<void> {
    for (const u of unsubscribe.splice(0)) u();
    health.stop();
    pump?.stop();
    // A handler that never settles must not hold the shutdown hostage.
    await commands.settled(5000);
    if (link.connected) await drained(2000);
    const farewell = { topic: `${base}/status`, payload: JSON.stringify(status('offline', 'shutdown')) };
    await link.stop(farewell);
    pub.connected = false;
    await outbox?.close();
    await commands.seen?.close();
    pub.outbox = outbox = pump = commands.seen = undefined;
  }

  function drained(timeoutMs = 10_000): Promise<boolean> {
    return pump ? pump.drained(timeoutMs) : Promise.resolve(true);
  }

  return { start, stop, status: statusOf, rebirth, drained };
}
