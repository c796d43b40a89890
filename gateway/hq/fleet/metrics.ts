import type { Queryable } from '../db/database.js';
import { fleetOverview, type StationRow } from './fleet-queries.js';
import type { IngestCounters } from './ingest.js';

/** At most this many stations are exported: the label sets stay bounded whatever arrives. */
export const MAX_STATIONS_EXPORTED = 10_000;

type Gauge = [name: string, help: string, type: 'gauge' | 'counter', value: (s: Row) => number | null];
type Row = StationRow & { issuedToday: number; printerFaultSeconds: number; lastSeenSeconds: number | null };

const GAUGES: Gauge[] = [
  [
    'cardgate_station_online',
    'Station link up (status online, not silent)',
    'gauge',
    (s) => +(s.status === 'online'),
  ],
  ['cardgate_station_devices_in_fault', 'Devices reporting a fault', 'gauge', (s) => s.devicesInFault],
  [
    'cardgate_station_printer_fault_seconds',
    'How long the oldest open printer fault has lasted (0 when none)',
    'gauge',
    (s) => s.printerFaultSeconds,
  ],
  [
    'cardgate_station_cards_in_feeder',
    'Blank cards in the feeder (station counters)',
    'gauge',
    (s) => s.stockInFeeder,
  ],
  [
    'cardgate_station_cards_issued_today',
    'Cards issued today (HQ exact count, UTC day)',
    'gauge',
    (s) => s.issuedToday,
  ],
  [
    'cardgate_station_last_seen_seconds',
    'Seconds since the last live message',
    'gauge',
    (s) => s.lastSeenSeconds,
  ],
  [
    'cardgate_station_clock_skew_seconds',
    'Station clock minus HQ receive time',
    'gauge',
    (s) => (s.clockSkewMs === null ? null : s.clockSkewMs / 1000),
  ],
  [
    'cardgate_station_clock_unsynchronised',
    'Station reports its clock unsynchronised',
    'gauge',
    (s) => +(s.clockSync === 'unsynchronised'),
  ],
  [
    'cardgate_station_handoff_pending',
    'Issuance records waiting for hand-off to HQ (station health)',
    'gauge',
    (s) => s.handoffPending,
  ],
  [
    'cardgate_station_handoff_oldest_seconds',
    'Age of the oldest record waiting for hand-off (0 when none; station health)',
    'gauge',
    (s) => (s.handoffPending === null ? null : (s.handoffOldestSeconds ?? 0)),
  ],
  ['cardgate_station_outbox_depth', 'Messages waiting in the station outbox', 'gauge', (s) => s.outboxDepth],
  [
    'cardgate_station_missing_events',
    'Event sequence numbers never received',
    'gauge',
    (s) => s.missingEvents,
  ],
];

const quantile = (xs: number[], q: number) =>
  xs.length === 0 ? 0 : [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;

const label = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/**
 * Prometheus text (0.0.4) from the database, so every replica answers the same per-station
 * figures; the ingest counters are this replica's own (label `replica`).
 */
export async function renderFleetMetrics(
  db: Queryable,
  now: Date,
  replica: string,
  ingest: IngestCounters | undefined,
): Promise<string> {
  const { stations } = await fleetOverview(db, { limit: MAX_STATIONS_EXPORTED });
  const today = now.toISOString().slice(0, 10);
  const counts = await db.query<{ site: string; station: string; issued: number }>(
    'SELECT site, station, issued FROM fleet_daily_counts WHERE day = $1::date',
    [today],
  );
  const faults = await db.query<{ site: string; station: string; seconds: number }>(
    `SELECT i.site, i.station, max(extract(epoch FROM ($1::timestamptz - i.started_at)))::float8 AS seconds
     FROM fleet_incidents i JOIN fleet_devices d ON d.site = i.site AND d.station = i.station AND d.device = i.device
     WHERE i.kind = 'device' AND i.ended_at IS NULL AND d.class = 'printer' GROUP BY i.site, i.station`,
    [now],
  );
  const key = (r: { site: string; station: string }) => `${r.site}/${r.station}`;
  const issued = new Map(counts.map((c) => [key(c), c.issued]));
  const fault = new Map(faults.map((f) => [key(f), f.seconds]));
  const rows: Row[] = stations.map((s) => ({
    ...s,
    issuedToday: issued.get(key(s)) ?? 0,
    printerFaultSeconds: fault.get(key(s)) ?? 0,
    lastSeenSeconds: s.lastSeen ? (now.getTime() - s.lastSeen.getTime()) / 1000 : null,
  }));
  const out: string[] = [];
  for (const [name, help, type, value] of GAUGES) {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const s of rows) {
      const v = value(s);
      if (v !== null) out.push(`${name}{site="${label(s.site)}",station="${label(s.station)}"} ${v}`);
    }
  }
  const r = `replica="${label(replica)}"`;
  if (ingest) {
    const c = ingest;
    out.push(
      '# HELP cardgate_hq_fleet_messages_total Telemetry messages this replica took from the broker',
      '# TYPE cardgate_hq_fleet_messages_total counter',
      `cardgate_hq_fleet_messages_total{${r},result="stored"} ${c.stored}`,
      `cardgate_hq_fleet_messages_total{${r},result="duplicate"} ${c.duplicates}`,
      '# HELP cardgate_hq_fleet_rejected_total Messages refused (off topic, oversized, not JSON, off contract)',
      '# TYPE cardgate_hq_fleet_rejected_total counter',
      ...Object.entries(c.rejected).map(
        ([reason, n]) => `cardgate_hq_fleet_rejected_total{${r},reason="${reason}"} ${n}`,
      ),
      '# HELP cardgate_hq_fleet_db_retries_total Database errors while applying a message (retried)',
      '# TYPE cardgate_hq_fleet_db_retries_total counter',
      `cardgate_hq_fleet_db_retries_total{${r}} ${c.retries}`,
      '# HELP cardgate_hq_fleet_batches_total Ingest transactions committed (messages are batched per commit)',
      '# TYPE cardgate_hq_fleet_batches_total counter',
      `cardgate_hq_fleet_batches_total{${r}} ${c.batches}`,
      '# HELP cardgate_hq_fleet_ingest_lag_seconds From a station composing a live message to its commit here (last 10,000)',
      '# TYPE cardgate_hq_fleet_ingest_lag_seconds summary',
      ...[0.5, 0.99].map(
        (q) => `cardgate_hq_fleet_ingest_lag_seconds{${r},quantile="${q}"} ${quantile(c.lagMs, q) / 1000}`,
      ),
      `cardgate_hq_fleet_ingest_lag_seconds_count{${r}} ${c.lagMs.length}`,
    );
  }
  return out.join('\n') + '\n';
}
