import type { IClientOptions, MqttClient } from 'mqtt';
import {
  backoffDelay,
  brokerUrls,
  defaultConnect,
  isProtocolRefusal,
  redactUrl,
  tlsOptions,
  type ConnectFactory,
} from './connection.js';
import type { MqttConfig, TelemetryLogger } from './types.js';

export interface MqttLinkOptions {
  /**
   * Broker URL, or several separated by commas (the nodes of a broker cluster): each attempt
   * after a failed or lost connection tries the next one, so a station whose node dies carries on
   * through another.
   */
  url: string;
  config: MqttConfig;
  clientId: string;
  logger: TelemetryLogger;
  connect?: ConnectFactory;
  /** The last will, made afresh for every attempt (it carries the envelope of that moment). */
  will(): { topic: string; payload: string };
  /** The broker took us: publish what a new session needs and subscribe. */
  onUp(client: MqttClient): void;
  /** The link that was up dropped: in-flight publishes are void. */
  onDown(): void;
  onMessage(topic: string, message: Buffer): void;
  onError(error: unknown): void;
}

/** A publish through the link: what mqtt.js offers, without handing the client itself around. */
export type Publish = (
  topic: string,
  payload: string,
  opts: { qos: 0 | 1; retain: boolean },
  done: (err?: Error) => void,
) => void;

/**
 * The connection to the broker: one fresh client per attempt (so the library never resends on
 * its own and the outbox alone decides what goes out), reconnect with jittered backoff, and the
 * MQTT 5 → 3.1.1 fallback when the broker refuses version 5.
 */
export class MqttLink {
  #client: MqttClient | undefined;
  /** Bumped whenever a client is dropped: callbacks of an older client are ignored. */
  #generation = 0;
  #connected = false;
  #stopping = true;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  #protocol: 4 | 5;
  readonly #connect: ConnectFactory;
  readonly #urls: string[];
  #urlIndex = 0;

  constructor(private readonly o: MqttLinkOptions) {
    const c = o.config;
    this.#protocol = c.protocolVersion === 4 || c.url === 'embedded' ? 4 : 5;
    this.#connect = o.connect ?? defaultConnect;
    this.#urls = brokerUrls(o.url);
  }

  /** The broker URL of the current (or next) attempt. */
  get url(): string {
    return this.#urls[this.#urlIndex % this.#urls.length]!;
  }

  get connected(): boolean {
    return this.#connected;
  }
  get protocol(): 4 | 5 {
    return this.#protocol;
  }
  /** Number of the current client; a publish callback from an older one is stale. */
  get generation(): number {
    return this.#generation;
  }

  start(): void {
    this.#stopping = false;
    this.#attemptNow();
  }

  publish: Publish = (topic, payload, opts, done) => {
    const c = this.#client;
    if (!c) return done(new Error('not connected'));
    c.publish(topic, payload, opts, (err) => done(err ?? undefined));
  };

  /**
   * Stop reconnecting; with `farewell`, publish it (QoS 1, retained) and disconnect cleanly, so
   * the broker does not send the last will. Bounded: a broker that does not answer does not hold
   * the shutdown.
   */
  async stop(farewell?: { topic: string; payload: string }): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const c = this.#client;
    if (c && this.#connected && farewell) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 2000);
        c.publish(farewell.topic, farewell.payload, { qos: 1, retain: true }, () => {
          clearTimeout(t);
          resolve();
        });
      });
      await new Promise<void>((resolve) => c.end(false, {}, () => resolve()));
    }
    this.#generation++;
    this.#connected = false;
    this.#client = undefined;
    this.#discard(c);
  }

  #attemptNow(): void {
    this.#timer = undefined;
    if (this.#stopping) return;
    const { config, logger } = this.o;
    const url = this.url;
    const gen = ++this.#generation;
    const will = this.o.will();
    const options: IClientOptions = {
      protocolVersion: this.#protocol,
      clientId: this.o.clientId,
      clean: true,
      reconnectPeriod: 0, // we reconnect ourselves, with backoff, jitter and a fresh client
      connectTimeout: 10_000,
      keepalive: 30,
      will: { topic: will.topic, payload: Buffer.from(will.payload), qos: 1, retain: true },
      ...(config.username ? { username: config.username } : {}),
      ...(config.password ? { password: config.password } : {}),
    };
    let c: MqttClient;
    try {
      // Certificates are read on every attempt: a renewed one is picked up, a missing one is an
      // error to report and retry, not a crash.
      if (url.startsWith('mqtts:') || url.startsWith('ssl:')) Object.assign(options, tlsOptions(config));
      c = this.#connect(url, options);
    } catch (e) {
      this.o.onError(e);
      this.#scheduleRetry();
      return;
    }
    this.#client = c;
    c.on('connect', () => {
      if (gen !== this.#generation) return;
      this.#connected = true;
      this.#attempt = 0;
      logger.info({ broker: redactUrl(url), protocol: this.#protocol }, 'telemetry connected');
      this.o.onUp(c);
    });
    c.on('message', (topic, message) => {
      if (gen === this.#generation) this.o.onMessage(topic, message);
    });
    c.on('error', (err) => {
      if (gen !== this.#generation) return;
      if (
        !this.#connected &&
        this.#protocol === 5 &&
        config.protocolVersion === 'auto' &&
        isProtocolRefusal(err)
      ) {
        logger.info({}, 'broker refused MQTT 5, using 3.1.1');
        this.#protocol = 4;
        this.#attempt = -1; // retry at once with the older protocol
      }
      this.o.onError(err);
    });
    c.on('close', () => {
      if (gen !== this.#generation) return;
      this.#drop();
      this.#scheduleRetry();
    });
  }

  #drop(): void {
    this.#generation++;
    const c = this.#client;
    this.#client = undefined;
    const wasUp = this.#connected;
    this.#connected = false;
    if (wasUp) {
      this.o.logger.warn({ broker: redactUrl(this.url) }, 'telemetry link lost');
      this.o.onDown();
    }
    this.#discard(c);
  }

  #discard(c: MqttClient | undefined): void {
    c?.removeAllListeners();
    c?.on('error', () => {});
    c?.end(true);
  }

  #scheduleRetry(): void {
    if (this.#stopping || this.#timer) return;
    const { reconnectMinMs, reconnectMaxMs } = this.o.config;
    const delay = this.#attempt < 0 ? 0 : backoffDelay(this.#attempt, reconnectMinMs, reconnectMaxMs);
    // A refused protocol retries the same node; anything else moves on to the next one.
    if (this.#attempt >= 0) this.#urlIndex = (this.#urlIndex + 1) % this.#urls.length;
    this.#attempt = Math.max(0, this.#attempt) + 1;
    this.#timer = setTimeout(() => this.#attemptNow(), delay);
  }
}
