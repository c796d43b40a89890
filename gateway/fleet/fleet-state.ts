import { parseTopic } from '../telemetry/contract/topics.js';

export interface FleetOptions {
  prefix: string;
  /** No message for this long (and no offline status) → offline. */
  silenceMs: number;
  /** |station ts − our receive time| above this → stale clock. */
  clockSkewMs: number;
  cardStockLow: number;
  /** Events kept per station (the oldest are forgotten, the count stays). */
  eventsKept: number;
}

export interface FleetEvent {
  ts: string;
  receivedAt: string;
  bootId: string;
  seq: number;
  level: string;
  code: string;
  source: string;
  historical: boolean;
  detail?: Record<string, unknown>;
}

interface Device {
  id: string;
  class: string;
  state: string;
  lastErrorCode: string | null;
  readings: Record<string, unknown>;
}

export interface StationView {
  site: string;
  station: string;
  name: string | null;
  version: string | null;
  bootId: string | null;
  status: 'online' | 'offline' | 'unknown';
  online: boolean;
  lastSeen: number | null;
  devices: Device[];
  devicesInFault: number;
  ribbonLow: boolean;
  cardStockLow: boolean;
  issuedToday: number;
  issuedTotal: number;
  counters: Record<string, unknown> | null;
  clockSkewMs: number | null;
  clockSync: string;
  clockStale: boolean;
  events: FleetEvent[];
  eventsTotal: number;
  seqGaps: number;
  seqDuplicates: number;
  outboxDepth: number | null;
}

/** Streams whose sequence must have no gaps (counters may be coalesced, health is sampled). */
const GAPLESS = new Set(['events', 'reply', 'diagnostics']);

/**
 * The headquarters view of every station, fed one MQTT message at a time. Pure (time is passed
 * in), so it is tested and benchmarked without a broker.
 */
export class FleetState {
  readonly stations = new Map<string, StationView>();
  /** `${site}/${station}|${bootId}|${stream}` → last seq seen. */
  readonly #lastSeq = new Map<string, number>();
  messages = 0;
  rejected = 0;

  constructor(readonly opts: FleetOptions) {}

  ingest(topic: string, raw: Buffer | string, receivedAt: number, retained = false): void {
    this.messages++;
    const t = parseTopic(this.opts.prefix, topic);
    if (!t || t.kind === 'cmd') return;
    let p: Record<string, unknown>;
    try {
      p = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      this.rejected++;
      return;
    }
    if (typeof p !== 'object' || p === null || typeof p.seq !== 'number' || typeof p.bootId !== 'string') {
      this.rejected++;
      return;
    }
    const s = this.#station(t.site, t.station);
    const stream = t.kind;
    const key = `${t.site}/${t.station}|${p.bootId}|${stream}`;
    const last = this.#lastSeq.get(key);
    // The last will is composed at connect time, before the online status, so its seq is lower:
    // status is plain state and is never judged by sequence.
    if (stream !== 'status' && last !== undefined && p.seq <= last) {
      // Same boot, same stream, not newer: a redelivery (QoS 1 retry, outbox replay, retained copy).
      if (!retained && GAPLESS.has(stream)) s.seqDuplicates++;
      return;
    }
    // The first message of a boot and stream this monitor sees is its baseline: a monitor that
    // joins a running station did not lose what was sent before it subscribed.
    if (GAPLESS.has(stream) && last !== undefined && p.seq > last + 1) s.seqGaps += p.seq - last - 1;
    if (stream !== 'status') this.#lastSeq.set(key, p.seq);
    const historical = p.historical === true;
    // A retained online status is the broker's word that the station's session is alive now (it
    // would hold the last will otherwise), so a monitor that just joined shows it online at once.
    const vouched = retained && stream === 'status' && p.state === 'online';
    if (!retained || vouched) s.lastSeen = Math.max(s.lastSeen ?? 0, receivedAt);
    if (!retained && !historical && typeof p.ts === 'string') {
      const ts = Date.parse(p.ts);
      if (Number.isFinite(ts)) s.clockSkewMs = ts - receivedAt;
    }
    switch (stream) {
      case 'status':
        s.status = p.state === 'offline' ? 'offline' : 'online';
        if (p.state === 'online') s.bootId = p.bootId;
        if (typeof p.version === 'string') s.version = p.version;
        break;
      case 'birth':
        s.bootId = p.bootId;
        if (typeof p.name === 'string') s.name = p.name;
        if (typeof p.version === 'string') s.version = p.version;
        if (Array.isArray(p.devices)) s.devices = p.devices as Device[];
        if (!retained) s.status = 'online';
        break;
      case 'health': {
        if (Array.isArray(p.devices)) s.devices = p.devices as Device[];
        const sys = p.system as { clock?: string } | undefined;
        if (sys?.clock) s.clockSync = sys.clock;
        const ob = p.outbox as { depth?: number } | undefined;
        if (typeof ob?.depth === 'number') s.outboxDepth = ob.depth;
        break;
      }
      case 'counters':
        s.counters = p;
        break;
      case 'events':
        s.eventsTotal++;
        s.events.push({
          ts: String(p.ts),
          receivedAt: new Date(receivedAt).toISOString(),
          bootId: p.bootId,
          seq: p.seq,
          level: String(p.level),
          code: String(p.code),
          source: String(p.source),
          historical,
          ...(p.detail && typeof p.detail === 'object'
            ? { detail: p.detail as Record<string, unknown> }
            : {}),
        });
        if (s.events.length > this.opts.eventsKept)
          s.events.splice(0, s.events.length - this.opts.eventsKept);
        break;
    }
    this.#derive(s, receivedAt);
  }

  /** Recompute the time-dependent flags (call before showing the state). */
  refresh(now: number): StationView[] {
    for (const s of this.stations.values()) this.#derive(s, now);
    return [...this.stations.values()].sort(
      (a, b) => a.site.localeCompare(b.site) || a.station.localeCompare(b.station),
    );
  }

  #derive(s: StationView, now: number): void {
    const silent = s.lastSeen === null || now - s.lastSeen > this.opts.silenceMs;
    s.online = s.status === 'online' && !silent;
    s.devicesInFault = s.devices.filter((d) => d.state === 'fault').length;
    s.ribbonLow = s.devices.some((d) => d.class === 'printer' && ribbonLow(d.readings ?? {}));
    const c = s.counters as {
      totals?: { issued?: number };
      today?: { issued?: number };
      stock?: { inFeeder?: number };
    } | null;
    s.issuedTotal = c?.totals?.issued ?? 0;
    s.issuedToday = c?.today?.issued ?? 0;
    s.cardStockLow = typeof c?.stock?.inFeeder === 'number' && c.stock.inFeeder <= this.opts.cardStockLow;
    s.clockStale =
      s.clockSync === 'unsynchronised' ||
      (s.clockSkewMs !== null && Math.abs(s.clockSkewMs) > this.opts.clockSkewMs);
  }

  #station(site: string, station: string): StationView {
    const id = `${site}/${station}`;
    let s = this.stations.get(id);
    if (!s) {
      s = {
        site,
        station,
        name: null,
        version: null,
        bootId: null,
        status: 'unknown',
        online: false,
        lastSeen: null,
        devices: [],
        devicesInFault: 0,
        ribbonLow: false,
        cardStockLow: false,
        issuedToday: 0,
        issuedTotal: 0,
        counters: null,
        clockSkewMs: null,
        clockSync: 'unknown',
        clockStale: false,
        events: [],
        eventsTotal: 0,
        seqGaps: 0,
        seqDuplicates: 0,
        outboxDepth: null,
      };
      this.stations.set(id, s);
    }
    return s;
  }
}

/**
 * Printers report the ribbon in their own words; accept the usual ones: a `ribbonLow` flag, a
 * percentage at or under 10, or a count of prints left at or under 50.
 */
export function ribbonLow(readings: Record<string, unknown>): boolean {
  for (const [k, v] of Object.entries(readings)) {
    const key = k.toLowerCase();
    if (!key.includes('ribbon')) continue;
    if (key.endsWith('low') && v === true) return true;
    if (typeof v !== 'number') continue;
    if (key.includes('percent') && v <= 10) return true;
    if ((key.includes('remaining') || key.includes('left')) && !key.includes('percent') && v <= 50)
      return true;
  }
  return false;
}
