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

/** Deep-frozen copy: a snapshot nobody can change after it left the registry. */
function frozen<T>(value: T): T {
  const copy = structuredClone(value);
  const freeze = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return;
    Object.freeze(v);
    for (const child of Object.values(v)) freeze(child);
  };
  freeze(copy);
  return copy;
}

/**
 * Keeps the last known state of every device the station owns. Drivers do not know about it:
 * the gateway's device adapters translate driver events into updates here.
 *
 * Each state is an immutable snapshot, replaced on update (copy on write): updates are rare,
 * reads are on every API request and health sample, so reads hand out the snapshot itself
 * instead of cloning it (a structuredClone per device per GET /devices was most of that
 * route's CPU).
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
    const device = frozen<DeviceState>({
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
    });
    this.#devices.set(reg.id, device);
    this.#bus.emit('device:changed', { id: reg.id, previous: undefined, state: device });
    return device;
  }

  update(id: string, update: DeviceUpdate): DeviceState | undefined {
    const current = this.#devices.get(id);
    if (!current) return undefined;
    const device = frozen<DeviceState>({
      ...current,
      ...(update.state !== undefined ? { state: update.state } : {}),
      ...(update.lastErrorCode !== undefined ? { lastErrorCode: update.lastErrorCode } : {}),
      ...(update.lastErrorText !== undefined ? { lastErrorText: update.lastErrorText } : {}),
      ...(update.info !== undefined ? { info: { ...current.info, ...update.info } } : {}),
      ...(update.seen ? { lastSeen: new Date(this.#clock.now()).toISOString() } : {}),
    });
    this.#devices.set(id, device);
    this.#bus.emit('device:changed', { id, previous: current.state, state: device });
    return device;
  }

  /** The device's current snapshot (frozen: read it, do not change it). */
  get(id: string): DeviceState | undefined {
    return this.#devices.get(id);
  }

  /** Every device's current snapshot (frozen). */
  list(): DeviceState[] {
    return [...this.#devices.values()];
  }

  byClass(cls: DeviceClass): DeviceState[] {
    return this.list().filter((d) => d.class === cls);
  }
}
