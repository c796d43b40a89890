import { hostname } from 'node:os';

/** The fleet part of HQ's configuration (`cardgate hq --broker …`). */
export interface FleetConfig {
  /**
   * Where station telemetry comes from: `mqtt(s)://…` (mosquitto, shared subscription) or
   * `nats://…` (a NATS cluster, JetStream durable consumer), several comma-separated. Without
   * it HQ ingests nothing and only serves what the database holds.
   */
  broker?: string;
  prefix: string;
  /** This replica's name (its MQTT client id and its /metrics label). */
  replica: string;
  /** Shared-subscription group / durable consumer name all replicas share. */
  group: string;
  username?: string;
  password?: string;
  /** MQTT protocol to the broker: 5 (shared subscription, default) or 4 (embedded broker, one lane). */
  protocolVersion?: 4 | 5;
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
  /** MQTT sessions per replica in the shared group (messages of all lanes commit together). */
  lanes: number;
  silenceMs: number;
  retentionDays: number;
  leaderIntervalMs: number;
  cardStockLow: number;
  clockSkewMs: number;
}

export function fleetConfig(over: Partial<FleetConfig> = {}): FleetConfig {
  return {
    prefix: 'cardgate',
    replica: `${hostname()}-${process.pid}`,
    group: 'cardgate-hq',
    lanes: 32,
    silenceMs: 180_000,
    retentionDays: 90,
    leaderIntervalMs: 15_000,
    cardStockLow: 20,
    clockSkewMs: 120_000,
    ...Object.fromEntries(Object.entries(over).filter(([, v]) => v !== undefined)),
  };
}
