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
  /** Every change of an issuance job's status (no personal data: ids and codes only). */
  'issuance:job': {
    jobId: string;
    kind: JobKind;
    status: JobStatus;
    documentNumber: string | null;
    error: { code: string; message: string; needsOperator: boolean } | null;
  };
  /** Fine-grained progress of the job being worked (encoding files, printing panels). */
  'issuance:progress': {
    jobId: string;
    step: 'feeding' | 'encoding' | 'printing' | 'ejecting' | 'rejecting';
    detail: {
      side?: 'front' | 'back';
      panel?: string;
      file?: string;
      done: number;
      total: number;
      attempt?: number;
    };
  };
  /** Monotonic totals changed (a card issued, spoiled, voided; stock loaded). */
  'issuance:counters': { counters: StationCounters };
  /** Issuing locked or unlocked (by the data centre, an admin, or an open door). */
  'station:lock': { locked: boolean; by: 'datacenter' | 'admin' | 'door' | 'keys'; reason: string };
  /** Faults, warnings and technician actions worth telling people and headquarters about. */
  'station:event': {
    level: 'info' | 'warning' | 'fault';
    code: string;
    message: string;
    source: string; // device id or area ('issuance', 'board', 'telemetry')
    actor?: string;
  };
}

/** The statuses of an issuance job, listed once in gateway/issuance/job-status.ts. */
export type { JobStatus } from '../issuance/job-status.js';
import type { JobStatus } from '../issuance/job-status.js';

export type JobKind = 'new' | 'reissue' | 'extension';

/** Exact counts headquarters reads; monotonic totals plus today's figures. */
export interface StationCounters {
  totals: { issued: number; spoiled: number; voided: number; byKind: Record<string, number> };
  today: { date: string; issued: number; spoiled: number; voided: number };
  stock: { loaded: number; inFeeder: number; good: number; spoiled: number };
  numbers: { remaining: number };
  /** Per print line (a station with one printer has one, `line-1`); absent in older books. */
  lines?: Array<{ line: string; issued: number; spoiled: number; inFeeder: number }>;
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
