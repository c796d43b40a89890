import { Publisher, type Body, type PublishedStream } from '../../gateway/telemetry/publisher.js';

/** Messages as the station's own Publisher makes them (envelope, per-stream seq, bootId). */
export function station(
  site: string,
  id: string,
  bootId = `boot-${id}-${Math.random().toString(16).slice(2, 10)}`,
) {
  let now = Date.parse('2026-11-30T09:00:00Z');
  const pub = new Publisher({
    bootId,
    base: `cardgate/${site}/${id}`,
    now: () => new Date(now).toISOString(),
    maxPayloadBytes: 65536,
    logger: { info() {}, warn() {}, error() {}, debug() {} },
    check: true,
  });
  return {
    bootId,
    at: (iso: string) => (now = Date.parse(iso)),
    msg<S extends PublishedStream>(stream: S, body: Body<S>) {
      const m = pub.message(stream, body);
      return { topic: `cardgate/${site}/${id}/${stream}`, raw: Buffer.from(JSON.stringify(m)) };
    },
  };
}

export const job = (jobId: string, status = 'done') => ({
  level: 'info' as const,
  code: `JOB_${status.toUpperCase()}`,
  source: 'issuance',
  detail: { jobId, kind: 'new', errorCode: null },
});

export const device = (id: string, state: 'online' | 'fault', code: string | null = null) => ({
  id,
  class: 'printer' as const,
  driver: 'emulator',
  transport: 'pty',
  emulated: true,
  state,
  lastErrorCode: code,
  lastSeen: null,
  readings: {},
});

export interface HandoffHealth {
  pending: number;
  oldestPendingAgeSeconds: number | null;
  lastAckAt: string | null;
  lastErrorCode: string | null;
}

export const health = (devices: ReturnType<typeof device>[], handoff?: HandoffHealth) => ({
  devices,
  ...(handoff ? { handoff } : {}),
  system: {
    uptimeSeconds: 1,
    processUptimeSeconds: 1,
    memory: { rssBytes: 1, freeBytes: 1, totalBytes: 2 },
    disk: null,
    clock: 'synchronised' as const,
  },
  outbox: { depth: 0, overLimit: false, coalescedHealth: 0 },
});
