import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import type { IClientOptions, MqttClient } from 'mqtt';
import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import { defaultConnect, isProtocolRefusal, type ConnectFactory } from '../telemetry/connection.js';
import { FleetState, type FleetOptions } from './fleet-state.js';
import { renderFleetPage } from './fleet-page.js';
import { renderMetrics } from './fleet-metrics.js';

export interface FleetMonitorOptions extends Partial<FleetOptions> {
  broker: string;
  /** HTTP port of the page and /metrics (0 picks one). */
  port?: number;
  host?: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** Broker account (mosquitto password file, the embedded broker's `hq` account). */
  username?: string;
  password?: string;
  /** Shared-subscription group; monitors in the same group split the event and health traffic. */
  group?: string;
  /**
   * A fixed client id gives the monitor a persistent session: the broker keeps its messages while
   * the monitor itself is disconnected. Without it each run starts fresh.
   */
  clientId?: string;
  connect?: ConnectFactory;
  clock?: Clock;
  log?: (line: string) => void;
}

export interface FleetMonitor {
  /** `http://host:port` of the page. */
  url: string;
  state: FleetState;
  connected(): boolean;
  /** Whether the broker granted the shared subscription. */
  shared(): boolean;
  close(): Promise<void>;
}

/** Topics every monitor needs whole (retained state), and those a group may split. */
const STATE_TOPICS = ['status', 'counters'];
const SPLIT_TOPICS = ['birth', 'health', 'events', 'diagnostics', 'reply/+'];

export async function startFleetMonitor(opts: FleetMonitorOptions): Promise<FleetMonitor> {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? (() => {});
  const prefix = opts.prefix ?? 'cardgate';
  const state = new FleetState({
    prefix,
    silenceMs: opts.silenceMs ?? 180_000,
    clockSkewMs: opts.clockSkewMs ?? 120_000,
    cardStockLow: opts.cardStockLow ?? 20,
    eventsKept: opts.eventsKept ?? 10_000,
  });
  const connect = opts.connect ?? defaultConnect;
  let protocol: 4 | 5 = 5;
  let client: MqttClient | undefined;
  let isConnected = false;
  let shared = false;
  let closed = false;

  const tls = {
    ...(opts.caFile ? { ca: readFileSync(opts.caFile) } : {}),
    ...(opts.certFile ? { cert: readFileSync(opts.certFile) } : {}),
    ...(opts.keyFile ? { key: readFileSync(opts.keyFile) } : {}),
  };

  function subscribeAll(c: MqttClient, sharedAvailable: boolean): void {
    const state = STATE_TOPICS.map((t) => `${prefix}/+/+/${t}`);
    const split = SPLIT_TOPICS.map((t) => `${prefix}/+/+/${t}`);
    c.subscribe(state, { qos: 1 }, (err) => err && log(`subscribe failed: ${err.message}`));
    if (!opts.group || !sharedAvailable) {
      // aedes speaks only 3.1.1 and would take `$share/…` as a plain topic: without MQTT 5's
      // "shared subscriptions available" this monitor takes everything.
      if (opts.group) log('broker offers no shared subscriptions; subscribing to the whole fleet');
      shared = false;
      c.subscribe(split, { qos: 1 });
      return;
    }
    const group = opts.group;
    c.subscribe(
      split.map((t) => `$share/${group}/${t}`),
      { qos: 1 },
      (err, granted) => {
        const refused = !!err || !granted || granted.some((g) => g.qos >= 128);
        if (!refused) {
          shared = true;
          return;
        }
        // The broker (aedes, for one) has no shared subscriptions: this monitor takes everything.
        log('broker refused the shared subscription; subscribing to the whole fleet');
        shared = false;
        c.subscribe(split, { qos: 1 });
      },
    );
  }

  function connectNow(): void {
    if (closed) return;
    const options: IClientOptions = {
      protocolVersion: protocol,
      clientId: opts.clientId ?? `cardgate-fleet-${Math.random().toString(16).slice(2, 10)}`,
      clean: !opts.clientId,
      ...(opts.clientId && protocol === 5 ? { properties: { sessionExpiryInterval: 7 * 24 * 3600 } } : {}),
      reconnectPeriod: 500,
      connectTimeout: 10_000,
      ...(opts.username ? { username: opts.username } : {}),
      ...(opts.password ? { password: opts.password } : {}),
      ...tls,
    };
    const c = connect(opts.broker, options);
    client = c;
    c.on('connect', (connack) => {
      isConnected = true;
      log(`connected to ${opts.broker} (MQTT ${protocol === 5 ? '5' : '3.1.1'})`);
      subscribeAll(c, protocol === 5 && connack.properties?.sharedSubscriptionAvailable !== false);
    });
    c.on('close', () => (isConnected = false));
    c.on('error', (err) => {
      if (!isConnected && protocol === 5 && isProtocolRefusal(err)) {
        protocol = 4;
        c.removeAllListeners();
        c.on('error', () => {});
        c.end(true);
        connectNow();
        return;
      }
      log(`mqtt error: ${err.message}`);
    });
    c.on('message', (topic, payload, packet) => state.ingest(topic, payload, clock.now(), packet.retain));
  }
  connectNow();

  const server: Server = createServer((req, res) => {
    const now = clock.now();
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
    } else if (path === '/') {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(renderFleetPage(state.refresh(now), now));
    } else if (path === '/metrics') {
      res
        .writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
        .end(renderMetrics(state, now));
    } else if (path === '/api/stations') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(state.refresh(now)));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.address.includes(':') ? `[${addr.address}]` : addr.address;

  return {
    url: `http://${host}:${addr.port}`,
    state,
    connected: () => isConnected,
    shared: () => shared,
    close: async () => {
      closed = true;
      await new Promise<void>((r) => (client ? client.end(true, {}, () => r()) : r()));
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
