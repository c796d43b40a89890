import { EventEmitter } from 'node:events';
import type { EventBus, GatewayEvents } from '../core/events.js';
import type { DeviceRegistry, DeviceState } from '../core/registry.js';
import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import type { TowerLight } from '../../firmware-bridge/interface.js';

export type StationState = 'ready' | 'busy' | 'warning' | 'fault' | 'needs-operator' | 'locked';

/** What the tower shows for each state; the order of `PRIORITY` decides when several hold. */
export const LIGHT_FOR_STATE: Record<StationState, TowerLight> = {
  'needs-operator': 'red-blink',
  fault: 'red',
  locked: 'red',
  warning: 'amber',
  busy: 'amber',
  ready: 'green',
};

const PRIORITY: StationState[] = ['needs-operator', 'fault', 'locked', 'warning', 'busy', 'ready'];

const ACTIVE_JOB: ReadonlySet<GatewayEvents['issuance:job']['status']> = new Set([
  'queued',
  'encoding',
  'printing',
]);

/** Devices the station cannot issue without: their fault is the station's fault. */
const ESSENTIAL = new Set(['printer', 'encoder']);

export interface StationLightOptions {
  bus: EventBus;
  registry?: DeviceRegistry;
  clock?: Clock;
  /**
   * Warnings from areas that never send a matching `<CODE>_CLEARED` info event fade after this
   * long, so a one-off warning does not keep the tower amber all day.
   */
  warningTtlMs?: number;
  /** A job that reported progress but no status change for this long no longer counts as busy. */
  busyTtlMs?: number;
  /** Sources whose warnings last until their `<CODE>_CLEARED` event (the board's id). */
  statefulSources?: string[];
}

export interface StationLight extends EventEmitter<{ change: [{ state: StationState; light: TowerLight }] }> {
  state(): StationState;
  light(): TowerLight;
  /** Why the station is in its state (for the technician page): device ids, job ids, warning codes. */
  reasons(): {
    faults: string[];
    needsOperator: string[];
    warnings: string[];
    busy: string[];
    lock: string | null;
  };
  dispose(): void;
}

/**
 * Derives one station state from what the bus reports. Pure bookkeeping: no device access, so the
 * light follows the station even when the board is unplugged and is right the moment it returns.
 */
export function createStationLight(opts: StationLightOptions): StationLight {
  const clock = opts.clock ?? systemClock;
  const warningTtl = opts.warningTtlMs ?? 10 * 60_000;
  const busyTtl = opts.busyTtlMs ?? 5 * 60_000;
  const statefulSources = new Set(opts.statefulSources ?? ['board']);
  const emitter = new EventEmitter<{ change: [{ state: StationState; light: TowerLight }] }>();

  const faultyDevices = new Map<string, string>(); // id → fault | warning
  const jobs = new Map<string, { status: string; at: number }>();
  const needsOperator = new Set<string>();
  /** Print lines not working normally: a fault or a missing device is red, out of service amber. */
  const lines = new Map<string, 'fault' | 'warning'>();
  /** key source:code → expiry (Infinity for warnings with a clear event). */
  const warnings = new Map<string, number>();
  let lock: string | null = null;
  let current: StationState = 'ready';
  let expiryTimer: NodeJS.Timeout | null = null;

  const trackDevice = (d: DeviceState): void => {
    const essential = ESSENTIAL.has(d.class);
    if (essential && (d.state === 'fault' || d.state === 'offline')) faultyDevices.set(d.id, 'fault');
    else if (d.state === 'degraded' || (d.class === 'camera' && d.state !== 'online'))
      faultyDevices.set(d.id, 'warning');
    else faultyDevices.delete(d.id);
  };

  for (const d of opts.registry?.list() ?? []) trackDevice(d);

  const compute = (): StationState => {
    const now = clock.now();
    for (const [k, exp] of warnings) if (exp <= now) warnings.delete(k);
    for (const [k, j] of jobs) if (now - j.at > busyTtl) jobs.delete(k);
    const holds: Record<StationState, boolean> = {
      'needs-operator': needsOperator.size > 0,
      fault: [...faultyDevices.values()].includes('fault') || [...lines.values()].includes('fault'),
      locked: lock !== null,
      warning:
        warnings.size > 0 ||
        [...faultyDevices.values()].includes('warning') ||
        [...lines.values()].includes('warning'),
      busy: [...jobs.values()].some((j) => ACTIVE_JOB.has(j.status as never)),
      ready: true,
    };
    return PRIORITY.find((s) => holds[s]) ?? 'ready';
  };

  const update = (): void => {
    const next = compute();
    scheduleExpiry();
    if (next === current) return;
    current = next;
    emitter.emit('change', { state: next, light: LIGHT_FOR_STATE[next] });
  };

  const scheduleExpiry = (): void => {
    if (expiryTimer) clearTimeout(expiryTimer);
    expiryTimer = null;
    const finite = [...warnings.values()].filter(Number.isFinite);
    if (finite.length === 0) return;
    const wait = Math.max(0, Math.min(...finite) - clock.now()) + 5;
    expiryTimer = setTimeout(update, wait);
    expiryTimer.unref();
  };

  const offs = [
    opts.bus.on('device:changed', ({ state }) => {
      trackDevice(state);
      update();
    }),
    // The tower shows the worst line (gateway/issuance/line-types.ts: worst first).
    opts.bus.on('issuance:line', (l) => {
      if (l.state === 'fault' || l.state === 'offline') lines.set(l.line, 'fault');
      else if (l.state === 'out-of-service') lines.set(l.line, 'warning');
      else lines.delete(l.line);
      update();
    }),
    opts.bus.on('issuance:job', (job) => {
      if (job.status === 'needs-operator' || (job.status === 'failed' && job.error?.needsOperator)) {
        needsOperator.add(job.jobId);
      } else {
        needsOperator.delete(job.jobId);
      }
      if (ACTIVE_JOB.has(job.status)) jobs.set(job.jobId, { status: job.status, at: clock.now() });
      else jobs.delete(job.jobId);
      update();
    }),
    opts.bus.on('issuance:progress', (p) => {
      jobs.set(p.jobId, { status: 'printing', at: clock.now() });
      update();
    }),
    opts.bus.on('station:event', (e) => {
      if (e.level === 'warning') {
        // Board warnings are stateful (they end with <CODE>_CLEARED); others fade on their own.
        const stateful = statefulSources.has(e.source);
        warnings.set(`${e.source}:${e.code}`, stateful ? Infinity : clock.now() + warningTtl);
      } else if (e.level === 'info' && e.code.endsWith('_CLEARED')) {
        warnings.delete(`${e.source}:${e.code.slice(0, -'_CLEARED'.length)}`);
      }
      update();
    }),
    opts.bus.on('station:lock', (l) => {
      lock = l.locked ? `${l.by}: ${l.reason}` : null;
      update();
    }),
  ];

  current = compute();

  // Reads bring the state up to the clock first: a warning that faded since the last event is
  // gone from the answer even before the expiry timer fires (and with an injected clock).
  return Object.assign(emitter, {
    state: () => {
      update();
      return current;
    },
    light: () => {
      update();
      return LIGHT_FOR_STATE[current];
    },
    reasons: () => {
      update();
      return reasonsNow();
    },
    dispose() {
      for (const off of offs) off();
      if (expiryTimer) clearTimeout(expiryTimer);
    },
  });

  function reasonsNow() {
    return {
      faults: [...faultyDevices].filter(([, v]) => v === 'fault').map(([k]) => k),
      needsOperator: [...needsOperator],
      warnings: [
        ...warnings.keys(),
        ...[...faultyDevices].filter(([, v]) => v === 'warning').map(([k]) => k),
      ],
      busy: [...jobs.keys()],
      lock,
    };
  }
}
