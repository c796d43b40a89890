import { EventEmitter } from 'node:events';
import type { DeviceState } from './registry.js';

/**
 * The map of every event on the station's bus. Feature modules add their own events with
 * declaration merging (`declare module '../core/events.js' { interface GatewayEvents { … } }`),
 * so each area keeps its events next to its code while the bus stays fully typed.
 *
 * Events flow one way: devices and the workflow report; telemetry, the board and the UI listen.
 * Commands never travel over the bus.
 */
 
export interface GatewayEvents {
  'device:changed': { id: string; previous: string | undefined; state: DeviceState };
  'station:lifecycle': { phase: 'starting' | 'ready' | 'stopping' | 'stopped' };
}

type Listener<T> = (payload: T) => void;

export class EventBus {
  readonly #emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    // Many small feature files listen to the same events; the default warning at 10 is noise here.
    this.#emitter.setMaxListeners(100);
  }

  emit<K extends keyof GatewayEvents>(event: K, payload: GatewayEvents[K]): void {
    // A faulty listener must not break the reporter (a printer poll, a job step): isolate it.
    for (const listener of this.#emitter.listeners(event as string)) {
      try {
        (listener as Listener<GatewayEvents[K]>)(payload);
      } catch (error) {
        this.#emitter.emit('listener-error', { event, error });
      }
    }
  }

  on<K extends keyof GatewayEvents>(event: K, listener: Listener<GatewayEvents[K]>): () => void {
    this.#emitter.on(event as string, listener);
    return () => this.#emitter.off(event as string, listener);
  }

  once<K extends keyof GatewayEvents>(event: K, listener: Listener<GatewayEvents[K]>): () => void {
    this.#emitter.once(event as string, listener);
    return () => this.#emitter.off(event as string, listener);
  }

  onListenerError(handler: (info: { event: string | number | symbol; error: unknown }) => void): void {
    this.#emitter.on('listener-error', handler);
  }
}
