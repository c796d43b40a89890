import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { IClientOptions, MqttClient } from 'mqtt';
import type { EventBus, StationCounters } from '../core/events.js';
import type { DeviceRegistry } from '../core/registry.js';
import type { Clock } from '../core/clock.js';
import { CONTRACT_VERSION, COMMAND_NAMES, stationBase } from './contract/index.js';
import { Outbox, type OutboxEntry } from './outbox.js';
import {
  backoffDelay,
  brokerUrl,
  defaultConnect,
  isProtocolRefusal,
  redactUrl,
  tlsOptions,
  type ConnectFactory,
} from './connection.js';
import { summariseDevice, systemHealth } from './system-health.js';
import { dispatchCommand } from './command-dispatch.js';
import { eventFromBus, type OutgoingEvent } from './event-mapping.js';
import type {
  MqttConfig,
  StationConfig,
  TelemetryCommandHandlers,
  TelemetryLogger,
  TelemetryStatus,
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
}

export interface Telemetry {
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): TelemetryStatus;
  rebirth(): Promise<void>;
  /** Resolves once everything stored in the outbox was acknowledged (tests, shutdown). */
  drained(timeoutMs?: number): Promise<boolean>;
}

/** What an oversized message keeps: only diagnostics bundles can grow that large. */
function shrink(topic: string): Record<string, unknown> {
  return topic === 'diagnostics' ? { devices: [], recentEvents: [], station: null } : {};
}

/** Messages allowed in flight (unacknowledged) at once; mqtt.js message ids are 16-bit. */
const WINDOW = 4000;
const RECENT_EVENTS = 50;

export function createTelemetry(deps: TelemetryDeps): Telemetry {
  const { config, station, bus, registry, clock, logger } = deps;
  const connect = deps.connect ?? defaultConnect;
  const version = deps.version ?? process.env.npm_package_version ?? '0.1.0';
  const bootId = randomUUID();
  const bootTime = new Date(clock.now()).toISOString();
  const base = stationBase(config.prefix, station.site, station.id);
  const url = brokerUrl(config);
  const seqs = new Map<string, number>();
  const recentEvents: { ts: string; level: string; code: string; source: string }[] = [];
  const requestReplies = new Map<string, OutboxEntry['payload']>();

  let outbox: Outbox | undefined;
  let client: MqttClient | undefined;
  let generation = 0;
  let connected = false;
  let stopping = false;
  let protocol: 4 | 5 = config.protocolVersion === 4 || config.url === 'embedded' ? 4 : 5;
  let attempt = 0;
  let inflight = 0;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let healthTimer: NodeJS.Timeout | undefined;
  let healthSoon: NodeJS.Timeout | undefined;
  let healthIntervalSeconds = config.healthIntervalSeconds;
  let pendingHealth: Record<string, unknown> | undefined;
  let coalescedHealth = 0;
  let lastPublishedAt: string | null = null;
  let lastError: string | null = null;
  let commandChain: Promise<void> = Promise.resolve();
  const unsubscribe: (() => void)[] = [];
  const drainWaiters: (() => void)[] = [];

  const nowIso = () => new Date(clock.now()).toISOString();
  const envelope = (stream: string) => {
    const seq = (seqs.get(stream) ?? 0) + 1;
    seqs.set(stream, seq);
    return { v: CONTRACT_VERSION, seq, bootId, ts: nowIso() };
  };

  // ---------- durable stream (outbox) ----------

  async function enqueue(
    topic: string,
    stream: string,
    body: Record<string, unknown>,
    opts: { retain?: boolean; coalesce?: string } = {},
  ) {
    if (!outbox) return;
    let payload: Record<string, unknown> = { ...envelope(stream), ...body };
    const bytes = Buffer.byteLength(JSON.stringify(payload));
    if (bytes > config.maxPayloadBytes) {
      // Brokers drop (or disconnect on) oversized messages: send the skeleton, flagged.
      logger.warn({ topic, bytes }, 'telemetry payload over the size limit, truncated');
      payload = { ...payload, ...shrink(topic), truncated: true };
    }
    await outbox.append({
      topic,
      retain: opts.retain ?? false,
      payload,
      deferred: !connected,
      ...(opts.coalesce ? { coalesce: opts.coalesce } : {}),
    });
  }

  function pump(): void {
    const c = client;
    if (!outbox || !c || !connected) return;
    const gen = generation;
    const batch = outbox.takeUnsent(WINDOW - inflight);
    for (const entry of batch) {
      inflight++;
      const payload = entry.deferred ? { ...entry.payload, historical: true } : entry.payload;
      c.publish(
        `${base}/${entry.topic}`,
        JSON.stringify(payload),
        { qos: 1, retain: entry.retain },
        (err) => {
          if (gen !== generation) return;
          inflight--;
          if (err) {
            // Refused by the broker (a PUBACK reason code): keep the entry in place and retry
            // later; the outbox never skips one.
            lastError = err.message;
            entry.sent = false;
            entry.deferred = true;
            retryTimer ??= setTimeout(() => {
              retryTimer = undefined;
              pump();
            }, 1000);
            return;
          }
          lastPublishedAt = nowIso();
          outbox?.ack(entry);
          if (inflight === 0 && outbox?.depth === 0) for (const w of drainWaiters.splice(0)) w();
          if (inflight < WINDOW / 2) pump();
        },
      );
    }
  }

  const counters = (c: StationCounters) =>
    enqueue(
      'counters',
      'counters',
      { totals: c.totals, today: c.today, stock: c.stock, numbers: c.numbers },
      { retain: true, coalesce: 'counters' },
    );

  const publishEvent = (e: OutgoingEvent) => {
    recentEvents.push({ ts: nowIso(), level: e.level, code: e.code, source: e.source });
    if (recentEvents.length > RECENT_EVENTS) recentEvents.shift();
    return enqueue('events', 'events', { ...e });
  };

  // ---------- volatile stream (direct) ----------

  function publishDirect(topic: string, payload: Record<string, unknown>, retain: boolean, qos: 0 | 1): void {
    client?.publish(`${base}/${topic}`, JSON.stringify(payload), { qos, retain }, (err) => {
      if (err) lastError = err.message;
      else lastPublishedAt = nowIso();
    });
  }

  const statusPayload = (state: 'online' | 'offline', reason?: 'will' | 'shutdown') => ({
    ...envelope('status'),
    state,
    version,
    bootTime,
    ...(reason ? { reason } : {}),
  });

  function birth(): Record<string, unknown> {
    return {
      ...envelope('birth'),
      site: station.site,
      station: station.id,
      name: station.name,
      version,
      node: process.version,
      bootTime,
      protocolVersion: protocol,
      healthIntervalSeconds,
      commands: [...COMMAND_NAMES],
      devices: registry.list().map(summariseDevice),
    };
  }

  async function sampleHealth(): Promise<void> {
    const payload = {
      ...envelope('health'),
      devices: registry.list().map(summariseDevice),
      system: await systemHealth(deps.dataDir, clock),
      outbox: { depth: outbox?.depth ?? 0, overLimit: outbox?.overLimit ?? false, coalescedHealth },
    };
    if (connected) publishDirect('health', payload, false, 0);
    else {
      // Offline: only the latest sample is worth sending later.
      if (pendingHealth) coalescedHealth++;
      pendingHealth = { ...payload, historical: true };
    }
  }

  function scheduleHealth(): void {
    if (healthTimer) clearInterval(healthTimer);
    healthTimer = setInterval(() => void sampleHealth().catch(noteError), healthIntervalSeconds * 1000);
    healthTimer.unref();
  }

  function noteError(e: unknown): void {
    lastError = e instanceof Error ? e.message : String(e);
    logger.warn({ err: lastError }, 'telemetry error');
  }

  // ---------- connection ----------

  function connectNow(): void {
    reconnectTimer = undefined;
    if (stopping) return;
    const gen = ++generation;
    const will = statusPayload('offline', 'will');
    const options: IClientOptions = {
      protocolVersion: protocol,
      clientId: `cardgate-${station.site}-${station.id}`,
      clean: true,
      reconnectPeriod: 0, // we reconnect ourselves, with backoff, jitter and a fresh client
      connectTimeout: 10_000,
      keepalive: 30,
      will: { topic: `${base}/status`, payload: Buffer.from(JSON.stringify(will)), qos: 1, retain: true },
      ...(config.username ? { username: config.username } : {}),
      ...(config.password ? { password: config.password } : {}),
    };
    let c: MqttClient;
    try {
      // Certificates are read on every attempt: a renewed one is picked up, a missing one is an
      // error to report and retry, not a crash.
      if (url.startsWith('mqtts:') || url.startsWith('ssl:')) Object.assign(options, tlsOptions(config));
      c = connect(url, options);
    } catch (e) {
      noteError(e);
      scheduleReconnect();
      return;
    }
    client = c;
    c.on('connect', () => {
      if (gen !== generation) return;
      connected = true;
      attempt = 0;
      lastError = null;
      logger.info({ broker: redactUrl(url), protocol }, 'telemetry connected');
      publishDirect('status', statusPayload('online'), true, 1);
      publishDirect('birth', birth(), false, 1);
      c.subscribe(`${base}/cmd/+`, { qos: 1 }, (err) => err && noteError(err));
      // A restarted broker lost its retained state: send fresh counters after the backlog.
      void counters(deps.counters()).catch(noteError);
      if (pendingHealth) {
        publishDirect('health', pendingHealth, false, 0);
        pendingHealth = undefined;
      }
      pump();
    });
    c.on('message', (topic, message) => {
      if (gen !== generation) return;
      const name = topic.slice(`${base}/cmd/`.length);
      commandChain = commandChain.then(() => handleCommand(name, message)).catch(noteError);
    });
    c.on('error', (err) => {
      if (gen !== generation) return;
      if (!connected && protocol === 5 && config.protocolVersion === 'auto' && isProtocolRefusal(err)) {
        logger.info({}, 'broker refused MQTT 5, using 3.1.1');
        protocol = 4;
        attempt = -1; // retry at once with the older protocol
      }
      noteError(err);
    });
    c.on('close', () => {
      if (gen !== generation) return;
      dropClient();
      scheduleReconnect();
    });
  }

  function dropClient(): void {
    generation++;
    const c = client;
    client = undefined;
    if (connected) logger.warn({ broker: redactUrl(url) }, 'telemetry link lost');
    connected = false;
    inflight = 0;
    outbox?.resetUnsent();
    c?.removeAllListeners();
    c?.on('error', () => {});
    c?.end(true);
  }

  function scheduleReconnect(): void {
    if (stopping || reconnectTimer) return;
    const delay = attempt < 0 ? 0 : backoffDelay(attempt, config.reconnectMinMs, config.reconnectMaxMs);
    attempt = Math.max(0, attempt) + 1;
    reconnectTimer = setTimeout(connectNow, delay);
  }

  // ---------- commands ----------

  async function handleCommand(name: string, message: Buffer): Promise<void> {
    const probeId = (() => {
      try {
        const id = (JSON.parse(message.toString('utf8')) as { requestId?: unknown }).requestId;
        return typeof id === 'string' ? `${name}\u0000${id}` : undefined;
      } catch {
        return undefined;
      }
    })();
    // QoS 1 may deliver a command twice: answer again, do not run it again.
    const previous = probeId ? requestReplies.get(probeId) : undefined;
    if (previous) {
      await enqueue(`reply/${name}`, 'reply', { ...previous });
      return;
    }
    const outcome = await dispatchCommand(name, message, {
      rebirth: () => rebirth(),
      setInterval: (s) => {
        healthIntervalSeconds = s;
        scheduleHealth();
      },
      diagnostics: async (requestId) => {
        const bundle = {
          requestId,
          versions: { cardgate: version, node: process.version, contract: String(CONTRACT_VERSION) },
          devices: registry.list().map(summariseDevice),
          recentEvents: [...recentEvents],
          station: await deps.commands.diagnostics(),
          telemetry: { ...status() },
        };
        await enqueue('diagnostics', 'diagnostics', bundle);
        return { topic: `${base}/diagnostics` };
      },
      lock: (reason) => deps.commands.lock(reason),
      unlock: () => deps.commands.unlock(),
      assignNumberBlock: (block) => deps.commands.assignNumberBlock(block),
    });
    const body = {
      command: name.slice(0, 64),
      requestId: outcome.requestId,
      ok: outcome.ok,
      ...(outcome.result ? { result: outcome.result } : {}),
      ...(outcome.error ? { error: outcome.error } : {}),
    };
    // Only executed commands are remembered: a rejected one is simply rejected again.
    if (probeId && outcome.requestId && outcome.ok) {
      requestReplies.set(probeId, body);
      if (requestReplies.size > 256) requestReplies.delete(requestReplies.keys().next().value!);
    }
    await enqueue(`reply/${outcome.replyName}`, 'reply', body);
    if (!outcome.ok) {
      logger.warn({ command: outcome.replyName, code: outcome.error?.code }, 'telemetry command rejected');
      bus.emit('station:event', {
        level: 'warning',
        code: 'TELEMETRY_COMMAND_REJECTED',
        message: `command ${outcome.replyName} rejected: ${outcome.error?.code}`,
        source: 'telemetry',
      });
    } else {
      logger.info({ command: outcome.replyName }, 'telemetry command executed');
    }
  }

  // ---------- public ----------

  async function rebirth(): Promise<void> {
    if (!connected) return;
    publishDirect('birth', birth(), false, 1);
    await sampleHealth();
    await counters(deps.counters());
  }

  function status(): TelemetryStatus {
    return {
      enabled: config.enabled,
      connected,
      broker: redactUrl(url),
      protocolVersion: connected ? protocol : null,
      bootId,
      outboxDepth: outbox?.depth ?? 0,
      outboxOverLimit: outbox?.overLimit ?? false,
      lastPublishedAt,
      lastError,
      healthIntervalSeconds,
    };
  }

  async function start(): Promise<void> {
    if (!config.enabled) return;
    stopping = false;
    outbox = await Outbox.open({
      dir: join(deps.dataDir, 'outbox'),
      maxMessages: config.outboxMaxMessages,
      fsyncIntervalMs: config.outboxFsyncMs,
      onError: noteError,
    });
    outbox.onDurable = pump;
    const on = (p: Promise<unknown> | undefined) => void p?.catch(noteError);
    unsubscribe.push(
      bus.on('issuance:counters', ({ counters: c }) => on(counters(c))),
      bus.on('station:event', (e) => on(publishEvent(eventFromBus('station:event', e)!))),
      bus.on('station:lock', (e) => on(publishEvent(eventFromBus('station:lock', e)!))),
      bus.on('issuance:job', (e) => {
        const ev = eventFromBus('issuance:job', e);
        if (ev) on(publishEvent(ev));
      }),
      bus.on('device:changed', (e) => {
        const ev = eventFromBus('device:changed', e);
        if (ev) on(publishEvent(ev));
        // A device changed state: tell headquarters soon rather than at the next period.
        if (e.previous !== e.state.state) {
          healthSoon ??= setTimeout(() => {
            healthSoon = undefined;
            void sampleHealth().catch(noteError);
          }, 500);
        }
      }),
    );
    // Queued, not awaited: the outbox keeps it ahead of anything later, and waiting for its
    // fsync batch would only hold back the link and the station's start.
    void counters(deps.counters()).catch(noteError);
    scheduleHealth();
    connectNow();
  }

  async function stop(): Promise<void> {
    stopping = true;
    for (const u of unsubscribe.splice(0)) u();
    if (reconnectTimer) clearTimeout(reconnectTimer);
    if (healthTimer) clearInterval(healthTimer);
    if (healthSoon) clearTimeout(healthSoon);
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = undefined;
    reconnectTimer = healthTimer = healthSoon = undefined;
    // A handler that never settles must not hold the shutdown hostage.
    await Promise.race([commandChain, new Promise((r) => setTimeout(r, 5000).unref())]);
    const c = client;
    if (c && connected) {
      await drained(2000);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 2000);
        c.publish(
          `${base}/status`,
          JSON.stringify(statusPayload('offline', 'shutdown')),
          { qos: 1, retain: true },
          () => {
            clearTimeout(t);
            resolve();
          },
        );
      });
      await new Promise<void>((resolve) => c.end(false, {}, () => resolve()));
    }
    generation++;
    connected = false;
    c?.removeAllListeners();
    c?.on('error', () => {});
    c?.end(true);
    client = undefined;
    await outbox?.close();
    outbox = undefined;
  }

  function drained(timeoutMs = 10_000): Promise<boolean> {
    if (!outbox || outbox.depth === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), timeoutMs);
      drainWaiters.push(() => {
        clearTimeout(t);
        resolve(true);
      });
    });
  }

  return { start, stop, status, rebirth, drained };
}
