import { statfs, access } from 'node:fs/promises';
import os from 'node:os';
import type { Clock } from '../core/clock.js';
import type { DeviceState } from '../core/registry.js';
import type { DeviceSummaryT } from './contract/index.js';

export type ClockSyncState = 'synchronised' | 'unsynchronised' | 'unknown';

/** Before this the clock is certainly wrong (the battery-less appliance booted at 1970 or similar). */
const EARLIEST_PLAUSIBLE = Date.parse('2025-01-01T00:00:00Z');
/** Marker files NTP daemons leave when the clock is synchronised (no timedatectl on the appliance). */
const SYNC_MARKERS = ['/run/systemd/timesync/synchronized', '/run/chrony/synced', '/var/lib/ntp/synced'];

/**
 * Whether the station clock can be trusted. Without an NTP daemon's marker we cannot know, and
 * say `unknown` rather than guess; the fleet monitor also compares `ts` with its own clock.
 */
export async function clockSyncState(clock: Clock, markers = SYNC_MARKERS): Promise<ClockSyncState> {
  if (clock.now() < EARLIEST_PLAUSIBLE) return 'unsynchronised';
  for (const m of markers) {
    try {
      await access(m);
      return 'synchronised';
    } catch {
      // try the next daemon's marker
    }
  }
  return 'unknown';
}

export async function systemHealth(dataDir: string, clock: Clock) {
  let disk: { freeBytes: number; totalBytes: number } | null = null;
  try {
    const s = await statfs(dataDir);
    disk = { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch {
    disk = null;
  }
  return {
    uptimeSeconds: Math.round(os.uptime()),
    processUptimeSeconds: Math.round(process.uptime()),
    memory: { rssBytes: process.memoryUsage.rss(), freeBytes: os.freemem(), totalBytes: os.totalmem() },
    disk,
    clock: await clockSyncState(clock),
  };
}

type Primitive = string | number | boolean | null;

/** Device readings flattened to primitives (one level of nesting as `a.b`), strings capped. */
export function flattenReadings(info: Record<string, unknown>): Record<string, Primitive> {
  const out: Record<string, Primitive> = {};
  const put = (k: string, v: unknown) => {
    if (v === null || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (typeof v === 'string') out[k] = v.slice(0, 200);
  };
  for (const [k, v] of Object.entries(info)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) put(`${k}.${k2}`, v2);
    } else put(k, v);
  }
  return out;
}

export function summariseDevice(d: DeviceState): DeviceSummaryT {
  return {
    id: d.id,
    class: d.class,
    driver: d.driver,
    transport: d.transport,
    emulated: d.emulated,
    state: d.state,
    lastErrorCode: d.lastErrorCode,
    lastSeen: d.lastSeen,
    readings: flattenReadings(d.info),
  };
}
