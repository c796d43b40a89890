import { readFileSync } from 'node:fs';
import type { IClientOptions, MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import { brokerUrls, defaultConnect, redactUrl, type ConnectFactory } from '../../telemetry/connection.js';

export interface MqttSourceOptions {
  /** mqtt(s)://… or several, comma-separated (tried in turn). */
  url: string;
  prefix: string;
  /** Shared-subscription group: replicas in it split the stream (MQTT 5 `$share`). */
  group: string;
  /**
   * 5 (default): MQTT 5 with a shared subscription. 4: MQTT 3.1.1 with plain subscriptions, for
   * the embedded broker (aedes speaks no MQTT 5), so only one replica with one lane (`cardgate demo`).
   */
  protocolVersion?: 4 | 5;
  /**
   * Fixed per replica: a persistent session, so what the broker queued for this replica while it
   * was away is delivered when it is back (mosquitto does not hand a dead member's queue to others).
   */
  clientId: string;
  username?: string;
  password?: string;
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
  logger: Pick<Logger, 'info' | 'warn'>;
  handle(topic: string, payload: Uint8Array): Promise<boolean>;
  connect?: ConnectFactory;
}

export interface MqttSource {
  connected(): boolean;
  close(): Promise<void>;
}

/**
 * HQ's ingest from an MQTT broker (mosquitto): a shared subscription over every station stream,
 * with the PUBACK sent only after the message is committed (mqtt.js holds the next message until
 * `handleMessage` calls back), and a persistent session per replica.
 */
export function startMqttSource(o: MqttSourceOptions): MqttSource {
  const urls = brokerUrls(o.url);
  const connect = o.connect ?? defaultConnect;
  let index = 0;
  let client: MqttClient | undefined;
  let closed = false;
  let up = false;
  const v5 = (o.protocolVersion ?? 5) === 5;
  const tls = {
    ...(o.tls?.caFile ? { ca: readFileSync(o.tls.caFile) } : {}),
    ...(o.tls?.certFile ? { cert: readFileSync(o.tls.certFile) } : {}),
    ...(o.tls?.keyFile ? { key: readFileSync(o.tls.keyFile) } : {}),
  };
  const attempt = () => {
    if (closed) return;
    const url = urls[index++ % urls.length]!;
    const options: IClientOptions = {
      protocolVersion: v5 ? 5 : 4,
      clientId: o.clientId,
      clean: false,
      ...(v5 ? { properties: { sessionExpiryInterval: 7 * 24 * 3600 } } : {}),
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      ...(o.username ? { username: o.username } : {}),
      ...(o.password ? { password: o.password } : {}),
      ...tls,
    };
    const c = connect(url, options);
    client = c;
    c.handleMessage = (packet, done) => {
      const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
      o.handle(packet.topic, payload).then(
        (ok) => (ok ? done() : done(new Error('ingest stopped'))),
        (err: Error) => done(err),
      );
    };
    c.on('connect', (connack) => {
      up = true;
      o.logger.info({ broker: redactUrl(url) }, 'fleet ingest connected');
      if (connack.sessionPresent) return;
      const share = (t: string) => `${v5 ? `$share/${o.group}/` : ''}${o.prefix}/+/+/${t}`;
      c.subscribe(
        [share('status'), share('birth'), share('health'), share('counters'), share('events')],
        { qos: 1 },
        (err) => err && o.logger.warn({ err }, 'fleet ingest: subscribe failed'),
      );
    });
    c.on('error', (err) => o.logger.warn({ err: err.message }, 'fleet ingest: broker error'));
    c.on('close', () => {
      if (client !== c) return;
      up = false;
      c.removeAllListeners();
      c.on('error', () => {});
      c.end(true);
      client = undefined;
      if (!closed) setTimeout(attempt, 500);
    });
  };
  attempt();
  return {
    connected: () => up,
    async close() {
      closed = true;
      const c = client;
      client = undefined;
      if (c) await new Promise<void>((r) => c.end(false, {}, () => r()));
    },
  };
}
