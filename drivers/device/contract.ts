/**
 * The one contract every device driver meets (printer, encoder, camera, station board), so the
 * station starts, stops and watches them the same way. Drivers whose own API differs (the printer
 * connects, the camera captures) meet it through a small adapter next to the driver.
 */
import type { EventEmitter } from 'node:events';
import type { DeviceKind } from './errors.js';

export type { DeviceKind } from './errors.js';
export { DeviceError, isDeviceError } from './errors.js';

/** One shape of health for every kind: what the registry, the pages and telemetry show. */
export interface DeviceHealth {
  /** `degraded`: it answers but cannot do all its work (no card reader, ribbon low). */
  state: 'online' | 'degraded' | 'offline';
  /** The catalogue code of the reason when not online (e.g. `PRINTER_COVER_OPEN`). */
  code: string | null;
  /** One line for the technician; never personal data. */
  message: string | null;
  /** Epoch ms of the observation. */
  at: number;
}

export type DeviceKindOnly = Exclude<DeviceKind, 'transport'>;

export interface DeviceEvents {
  health: [DeviceHealth];
}

export interface Device extends EventEmitter<DeviceEvents> {
  readonly id: string;
  readonly kind: DeviceKindOnly;
  /** Where it is reached, without secrets: `tcp://10.0.0.5:9100`, `pcsc`, `emulator`. */
  readonly transport: string;
  /** An in-process stand-in rather than hardware. */
  readonly emulated: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The last health emitted (or the first observation before any event). */
  health(): DeviceHealth;
}
