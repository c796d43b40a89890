import { readFileSync } from 'node:fs';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { MqttConfig } from './types.js';

/** How the publisher gets a client: `mqtt.connect` in production, the same in tests (no mocks). */
export type ConnectFactory = (url: string, options: IClientOptions) => MqttClient;

export const defaultConnect: ConnectFactory = (url, options) => mqtt.connect(url, options);

/** Resolve 'embedded' to the in-process broker's address. */
export function brokerUrl(config: MqttConfig): string {
  return config.url === 'embedded' ? `mqtt://127.0.0.1:${config.embeddedPort}` : config.url;
}

/** The broker URLs of a comma-separated list (the nodes of a cluster), in order. */
export function brokerUrls(url: string): string[] {
  const urls = url
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  return urls.length ? urls : [url];
}

/** The URL (or comma-separated URLs) without credentials, for status pages and logs. */
export function redactUrl(url: string): string {
  if (url.includes(',')) return brokerUrls(url).map(redactUrl).join(',');
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return 'invalid-url';
  }
}

export function tlsOptions(
  config: MqttConfig,
): Pick<IClientOptions, 'ca' | 'cert' | 'key' | 'rejectUnauthorized'> {
  const t = config.tls;
  return {
    ...(t.caFile ? { ca: readFileSync(t.caFile) } : {}),
    ...(t.certFile ? { cert: readFileSync(t.certFile) } : {}),
    ...(t.keyFile ? { key: readFileSync(t.keyFile) } : {}),
    rejectUnauthorized: true,
  };
}

/**
 * Exponential backoff with jitter: after a broker restart a whole fleet must not reconnect in the
 * same second. Delay is uniformly drawn from [cap/2, cap] where cap = min(max, min·2^attempt).
 */
export function backoffDelay(attempt: number, minMs: number, maxMs: number, random = Math.random): number {
  const cap = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.round(cap / 2 + random() * (cap / 2));
}

/** CONNACK codes meaning "this broker does not speak MQTT 5" (3.1.1 code 1, MQTT 5 code 0x84). */
export function isProtocolRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 1 || code === 132;
}
