import { Value } from 'typebox/value';
import { ApiSection } from '../config/sections/api.js';
import { fleetConfig, type FleetConfig } from './fleet/config.js';

/** How one HQ process runs: the command line's options, with the station's API defaults. */
export interface HqConfig {
  dataDir: string;
  /** `embedded` (PGlite in <dataDir>/db) or a postgres:// URL. */
  db: string;
  host: string;
  port: number;
  /** Plain HTTP: local development only. */
  http: boolean;
  /** PEM files; a self-signed certificate is made in <dataDir>/tls when absent. */
  tls: { certFile?: string; keyFile?: string };
  allowedOrigins: string[];
  sessionTtlMinutes: number;
  loginRateLimit: {
    max: number;
    addressMax: number;
    baseDelaySeconds: number;
    maxDelaySeconds: number;
    windowSeconds: number;
  };
  logLevel: string;
  /** Station telemetry ingest and the fleet's leader jobs (gateway/hq/fleet). */
  fleet: FleetConfig;
  /** Built pages (appliance-ui/dist of this installation when absent). */
  uiDistDir?: string;
}

export const HQ_DEFAULT_PORT = 9443;

/** The HQ configuration for the given options, the rest from the station's API defaults. */
export function hqConfig(opts: Partial<HqConfig> & { dataDir: string }): HqConfig {
  const api = Value.Default(ApiSection, {}) as {
    allowedOrigins: string[];
    sessionTtlMinutes: number;
    loginRateLimit: HqConfig['loginRateLimit'];
  };
  return {
    db: 'embedded',
    host: '127.0.0.1',
    port: HQ_DEFAULT_PORT,
    http: false,
    tls: {},
    allowedOrigins: api.allowedOrigins,
    sessionTtlMinutes: api.sessionTtlMinutes,
    loginRateLimit: api.loginRateLimit,
    logLevel: process.env.CARDGATE_LOG_LEVEL ?? 'info',
    fleet: fleetConfig(),
    ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
  } as HqConfig;
}
