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
  /**
   * `degraded`: it answers but cannot do all its work (no card reader, cleaning due); `fault`: it
   * waits for a person (cover open, feeder empty); `offline`: no contact.
   */
  state: 'online' | 'degraded' | 'fault' | 'offline';
  /** The catalogue code of the reason when not online (e.g. `PRINTER_COVER_OPEN`). */
  code: string | null;
  /** One line for the technician; never personal data. */
  message: string | null;
  /** Epoch ms of the observation. */
  at: number;
}

/** The kinds of device the station runs (transports are below every kind, not devices). */
export type StationDeviceKind = Exclude<DeviceKind, 'transport'>;

export interface DeviceEvents {
  /** Emitted when the health changes (not on every poll). */
  health: [DeviceHealth];
}

export interface Device extends EventEmitter<DeviceEvents> {
  readonly id: string;
  readonly kind: StationDeviceKind;
  /** Where it is reached, without secrets: `tcp://10.0.0.5:9100`, `pcsc`, `emulator`. */
  readonly transport: string;
  /** An in-process stand-in rather than hardware. */
  readonly emulated: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The last health emitted (or the first observation before any event). */
  health(): DeviceHealth;
}

/**
 * The part every adapter shares: remembers the last health and emits `health` only on a change
 * of state or code, so listeners see transitions, not polls.
 */
export class HealthState {
  #last: DeviceHealth;
  constructor(
    private readonly emitter: EventEmitter<DeviceEvents>,
    private readonly now: () => number = Date.now,
  ) {
    this.#last = { state: 'offline', code: null, message: 'not started', at: now() };
  }

  get current(): DeviceHealth {
    return this.#last;
  }

  set(state: DeviceHealth['state'], code: string | null = null, message: string | null = null): void {
    if (state === this.#last.state && code === this.#last.code) return;
    this.#last = { state, code, message, at: this.now() };
    this.emitter.emit('health', this.#last);
  }
}
