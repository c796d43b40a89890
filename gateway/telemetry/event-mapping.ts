import type { GatewayEvents } from '../core/events.js';

export interface OutgoingEvent {
  level: 'info' | 'warning' | 'fault';
  code: string;
  source: string;
  detail?: Record<string, string | number | boolean | null>;
}

const code = (s: string) =>
  s
    .toUpperCase()
    .replace(/[^A-Z0-9_]/g, '_')
    .slice(0, 64) || 'UNKNOWN';
const short = (s: string) => s.slice(0, 64);

/** Job statuses headquarters hears about; the in-between steps would only be noise. */
const REPORTED_JOB = new Set(['done', 'failed', 'cancelled', 'voided', 'needs-operator']);

/**
 * Bus events → telemetry events. Only codes and identifiers cross: free-text messages, lock
 * reasons, actors and document numbers stay on the station, because any of them may name a person.
 */
export function eventFromBus<K extends 'station:event' | 'station:lock' | 'issuance:job' | 'device:changed'>(
  kind: K,
  e: GatewayEvents[K],
): OutgoingEvent | undefined {
  switch (kind) {
    case 'station:event': {
      const s = e as GatewayEvents['station:event'];
      return { level: s.level, code: code(s.code), source: short(s.source) };
    }
    case 'station:lock': {
      const s = e as GatewayEvents['station:lock'];
      return {
        level: s.locked ? 'warning' : 'info',
        code: s.locked ? 'STATION_LOCKED' : 'STATION_UNLOCKED',
        source: 'station',
        detail: { by: s.by },
      };
    }
    case 'issuance:job': {
      const j = e as GatewayEvents['issuance:job'];
      if (!REPORTED_JOB.has(j.status)) return undefined;
      return {
        level: j.status === 'failed' ? 'fault' : j.status === 'needs-operator' ? 'warning' : 'info',
        code: `JOB_${code(j.status)}`,
        source: 'issuance',
        detail: { jobId: short(j.jobId), kind: j.kind, errorCode: j.error ? code(j.error.code) : null },
      };
    }
    case 'device:changed': {
      const d = e as GatewayEvents['device:changed'];
      if (d.previous === undefined || d.previous === d.state.state) return undefined;
      return {
        level: d.state.state === 'fault' ? 'fault' : d.state.state === 'online' ? 'info' : 'warning',
        code: `DEVICE_${code(d.state.state)}`,
        source: short(d.id),
        detail: {
          class: d.state.class,
          errorCode: d.state.lastErrorCode ? code(d.state.lastErrorCode) : null,
        },
      };
    }
  }
  return undefined;
}
