export { createTelemetry, type Telemetry, type TelemetryDeps } from './telemetry.js';
export { startEmbeddedBroker, type EmbeddedBroker } from './embedded-broker.js';
export type { ConnectFactory } from './connection.js';
export type { TelemetryCommandHandlers, TelemetryStatus, TelemetryLogger } from './types.js';
export type { NumberBlockT } from './contract/index.js';
