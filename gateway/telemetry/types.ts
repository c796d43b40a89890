import type { Static } from 'typebox';
import type { MqttSection } from '../config/sections/mqtt.js';
import type { StationSection } from '../config/sections/station.js';
import type { DocumentStatusChangeT, NumberBlockT } from './contract/index.js';
import type { LineHealth } from './contract/payloads.js';

export type MqttConfig = Static<typeof MqttSection>;
export type StationConfig = Static<typeof StationSection>;

/** Minimal logger shape (pino satisfies it). Never log payload contents from the station's people. */
export interface TelemetryLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** What the station does when the data centre commands it; injected by the station. */
export interface TelemetryCommandHandlers {
  lock(reason: string): Promise<void> | void;
  unlock(): Promise<void> | void;
  /** Resolve only once the block is stored durably; throw (CardgateError) when it overlaps one used. */
  assignNumberBlock(block: NumberBlockT): Promise<unknown> | unknown;
  /**
   * HQ's document status changes into the station's local status list (gateway/revocation);
   * resolve once stored durably. Absent on a station without one: the command is refused.
   */
  documentStatus?(changes: DocumentStatusChangeT[]): Promise<{ applied: number; highestSeq: number }>;
  /** Station facts for the diagnostics bundle: redacted config, queue sizes… never personal data. */
  diagnostics(): Promise<unknown> | unknown;
}

export interface TelemetryStatus {
  enabled: boolean;
  connected: boolean;
  broker: string;
  protocolVersion: 4 | 5 | null;
  bootId: string;
  outboxDepth: number;
  outboxOverLimit: boolean;
  lastPublishedAt: string | null;
  lastError: string | null;
  healthIntervalSeconds: number;
}

/** One print line in a health sample (derived from the contract's schema). */
export type LineHealthSample = Static<typeof LineHealth>;
