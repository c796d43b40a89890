import type { EventBus } from './events.js';
import type { Clock } from './clock.js';

export type DeviceClass = 'printer' | 'encoder' | 'camera' | 'board' | 'broker';
export type DeviceHealth = 'online' | 'degraded' | 'offline' | 'fault';

export interface DeviceState {
  id: string;
  class: DeviceClass;
  driver: string;
  transport: string;
  /** True for emulators and virtual devices, so nobody mistakes a test station for a real one. */
  emulated: boolean;
  state: DeviceHealth;
  lastErrorCode: string | null;
  lastErrorText: string | null;
  /** ISO time of the last successful contact with the device. */
  lastSeen: string | null;
  /** Identity and readings the driver reports (model, serial, ribbon, sensors, …); never personal data. */
  info: Record<string, unknown>;
}

export type DeviceRegistration = Pick<DeviceState, 'id' | 'class' | 'driver' | 'transport'> & {
  emulated?: boolean;
  info?: Record<string, unknown>;
};

export type DeviceUpdate = Partial<
  Pick<DeviceState, 'state' | 'lastErrorCode' | 'lastErrorText' | 'info'>
> & {
  /** Mark contact with the device now. */
  seen?: boolean;
};

/**
 * Keeps the last known state of every device the station owns. Drivers do not know about it:
 * the gateway's device adapters translate driver events into updates here.
 */
export class DeviceRegistry {
  readonly #devices = new Map<string, DeviceState>();
  readonly #bus: EventBus;
  readonly #clock: Clock;

  constructor(bus: EventBus, clock: Clock) {
    this.#bus = bus;
    this.#clock = clock;
  }

  register(reg: DeviceRegistration): DeviceState {
    const device: DeviceState = {
      id: reg.id,
      class: reg.class,
      driver: reg.driver,
      transport: reg.transport,
      emulated: reg.emulated ?? false,
      state: 'offline',
      lastErrorCode: null,
      lastErrorText: null,
      lastSeen: null,
      info: reg.info ?? {},
    };
    this.#devices.set(reg.id, device);
    this.#bus.emit('device:changed', { id: reg.id, previous: undefined, state: structuredClone(device) });
    return device;
  }

  update(id: string, update: DeviceUpdate): DeviceState | undefined {
    const device = this.#devices.get(id);
    if (!device) return undefined;
    const previous = device.state;
    if (update.state !== undefined) device.state = update.state;
    if (update.lastErrorCode !== undefined) device.lastErrorCode = update.lastErrorCode;
    if (update.lastErrorText !== undefined) device.lastErrorText = update.lastErrorText;
    if (update.info !== undefined) device.info = { ...device.info, ...update.info };
    if (update.seen) device.lastSeen = new Date(this.#clock.now()).toISOString();
    this.#bus.emit('device:changed', { id, previous, state: structuredClone(device) });
    return device;
  }

  get(id: string): DeviceState | undefined {
    const d = this.#devices.get(id);
    return d && structuredClone(d);
  }

  list(): DeviceState[] {
    return [...this.#devices.values()].map((d) => structuredClone(d));
  }

  byClass(cls: DeviceClass): DeviceState[] {
    return this.list().filter((d) => d.class === cls);
  }
}
