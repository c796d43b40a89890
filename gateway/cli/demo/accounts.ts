import { randomBytes } from 'node:crypto';
import { STREAMS } from '../../telemetry/contract/index.js';
import type { BrokerUser } from '../../telemetry/embedded-broker.js';

/** A fresh password for one demo account: shown once, never stored in clear text by cardgate. */
export const demoPassword = (): string => randomBytes(12).toString('base64url');

/** The three emulated stations: one per site, each with its own document-number block. */
export const DEMO_STATIONS = [
  { site: 'demo-north', station: 'desk-1', prefix: 'DN' },
  { site: 'demo-south', station: 'desk-1', prefix: 'DS' },
  { site: 'demo-east', station: 'desk-1', prefix: 'DE' },
] as const;
export type DemoStationRef = (typeof DEMO_STATIONS)[number];

export const HQ_DEMO_ROLES = ['admin', 'supervisor', 'caseworker'] as const;
export const STATION_DEMO_ROLES = ['operator', 'technician'] as const;

/**
 * The embedded broker's accounts for the demo, with the same topic rights the station's own
 * embedded broker gives (gateway/telemetry/broker-credentials.ts): each station publishes only its
 * own streams; the simulated fleet only station streams; only HQ may command.
 */
export function demoBrokerUsers(prefix: string, stations: readonly DemoStationRef[]) {
  const hq: BrokerUser = {
    username: 'hq',
    password: demoPassword(),
    publish: [`${prefix}/+/+/cmd/+`],
    subscribe: [`${prefix}/#`],
  };
  const station = (base: string, username: string): BrokerUser => ({
    username,
    password: demoPassword(),
    publish: [...STREAMS.map((s) => `${base}/${s}`), `${base}/reply/+`],
    subscribe: [`${base}/cmd/+`],
  });
  const perStation = stations.map((s) =>
    station(`${prefix}/${s.site}/${s.station}`, `${s.site}.${s.station}`),
  );
  const simulated = station(`${prefix}/+/+`, 'simulated-fleet');
  return { hq, perStation, simulated, all: [hq, ...perStation, simulated] };
}
