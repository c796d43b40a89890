import type { Static } from 'typebox';
import type { LineHealth } from '../../telemetry/contract/payloads.js';
import type { Queryable } from '../db/database.js';

export interface StationRow {
  site: string;
  station: string;
  name: string | null;
  version: string | null;
  status: 'online' | 'offline' | 'unknown';
  statusReason: string | null;
  statusSince: Date | null;
  lastSeen: Date | null;
  clockSync: string | null;
  clockSkewMs: number | null;
  outboxDepth: number | null;
  stockInFeeder: number | null;
  numbersRemaining: number | null;
  issuedTotal: number | null;
  /** The station's own figure for today (from its counters snapshot). */
  issuedTodayStation: number | null;
  /** The station's hand-off to HQ as it last reported it (null: not enrolled / not reported). */
  handoffPending: number | null;
  handoffOldestSeconds: number | null;
  handoffLastAck: Date | null;
  handoffError: string | null;
  /** The station's print lines as it last reported them (null: it names none). */
  printLines: Static<typeof LineHealth>[] | null;
  devicesInFault: number;
  /** Events missing in the gapless stream (sequence numbers never received). */
  missingEvents: number;
  /** 0 worst … 3 fine: offline, device fault, warning (stock, clock, missing), fine. */
  severity: number;
}

export interface DailyCount {
  site: string;
  station: string;
  day: string;
  issued: number;
  voided: number;
  failed: number;
  cancelled: number;
  /** Some event of a boot active that day never arrived: the day's figures may be short. */
  gap: boolean;
}

export interface OverviewQuery {
  search?: string;
  site?: string;
  status?: 'online' | 'offline' | 'unknown';
  /** Only stations with a problem (severity below 3). */
  problems?: boolean;
  limit?: number;
  offset?: number;
  cardStockLow?: number;
  clockSkewMs?: number;
}

const STATION_SELECT = (cardStockLow: number, clockSkewMs: number) => `
  SELECT s.site, s.station, s.name, s.version, s.status, s.status_reason AS "statusReason",
    s.status_since AS "statusSince", s.last_seen AS "lastSeen", s.clock_sync AS "clockSync",
    s.clock_skew_ms AS "clockSkewMs", s.outbox_depth AS "outboxDepth",
    s.stock_in_feeder AS "stockInFeeder", s.numbers_remaining AS "numbersRemaining",
    s.issued_total::int8 AS "issuedTotal", s.issued_today AS "issuedTodayStation",
    s.handoff_pending AS "handoffPending", s.handoff_oldest_seconds AS "handoffOldestSeconds",
    s.handoff_last_ack AS "handoffLastAck", s.handoff_error AS "handoffError",
    s.print_lines AS "printLines",
    coalesce(d.faults, 0)::int AS "devicesInFault", coalesce(g.missing, 0)::int AS "missingEvents",
    CASE WHEN s.status = 'offline' THEN 0
         WHEN coalesce(d.faults, 0) > 0 THEN 1
         WHEN s.status = 'unknown' OR coalesce(g.missing, 0) > 0 OR s.stock_in_feeder <= ${cardStockLow}
           OR s.clock_sync = 'unsynchronised' OR abs(coalesce(s.clock_skew_ms, 0)) > ${clockSkewMs} THEN 2
         ELSE 3 END AS severity
  FROM fleet_stations s
  LEFT JOIN (SELECT site, station, count(*) AS faults FROM fleet_devices WHERE state = 'fault'
             GROUP BY site, station) d USING (site, station)
  LEFT JOIN (SELECT site, station, sum(max_seq - received) AS missing FROM fleet_event_streams
             GROUP BY site, station) g USING (site, station)`;

/** The fleet at a glance: worst first, then by site and station; filtered and paged in SQL. */
export async function fleetOverview(
  db: Queryable,
  q: OverviewQuery = {},
): Promise<{ total: number; stations: StationRow[] }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.search) {
    params.push(`%${q.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(
      `(site LIKE $${params.length} OR station LIKE $${params.length} OR lower(coalesce(name, '')) LIKE $${params.length})`,
    );
  }
  if (q.site) {
    params.push(q.site);
    where.push(`site = $${params.length}`);
  }
  if (q.status) {
    params.push(q.status);
    where.push(`status = $${params.length}`);
  }
  if (q.problems) where.push('severity < 3');
  const inner = STATION_SELECT(q.cardStockLow ?? 20, q.clockSkewMs ?? 120_000);
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const [count] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (${inner}) f ${filter}`,
    params,
  );
  params.push(q.limit ?? 200, q.offset ?? 0);
  const stations = await db.query<StationRow>(
    `SELECT * FROM (${inner}) f ${filter} ORDER BY severity, site, station
     LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return { total: count?.n ?? 0, stations };
}

export async function stationRow(
  db: Queryable,
  site: string,
  station: string,
): Promise<StationRow | undefined> {
  const rows = await db.query<StationRow>(
    `SELECT * FROM (${STATION_SELECT(20, 120_000)}) f WHERE site = $1 AND station = $2`,
    [site, station],
  );
  return rows[0];
}

/** Exact counts per station and day, with the gap flag. */
export function dailyCounts(
  db: Queryable,
  f: { site?: string; station?: string; from: string; to: string },
): Promise<DailyCount[]> {
  return db.query<DailyCount>(
    `SELECT c.site, c.station, to_char(c.day, 'YYYY-MM-DD') AS day, c.issued, c.voided, c.failed, c.cancelled,
       EXISTS (SELECT 1 FROM fleet_event_streams g WHERE g.site = c.site AND g.station = c.station
               AND g.max_seq > g.received
               AND (g.first_ts AT TIME ZONE 'UTC')::date <= c.day
               AND (g.last_ts AT TIME ZONE 'UTC')::date >= c.day) AS gap
     FROM fleet_daily_counts c
     WHERE c.day BETWEEN $1::date AND $2::date
       AND ($3::text IS NULL OR c.site = $3) AND ($4::text IS NULL OR c.station = $4)
     ORDER BY c.day, c.site, c.station`,
    [f.from, f.to, f.site ?? null, f.station ?? null],
  );
}

/** A site's (or every site's) totals per day, for the site page and the CSV export. */
export function siteTotals(
  db: Queryable,
  f: { site?: string; from: string; to: string },
): Promise<(Omit<DailyCount, 'station'> & { stations: number })[]> {
  return db.query(
    `SELECT site, to_char(day, 'YYYY-MM-DD') AS day, count(*)::int AS stations,
       sum(issued)::int AS issued, sum(voided)::int AS voided, sum(failed)::int AS failed,
       sum(cancelled)::int AS cancelled, false AS gap
     FROM fleet_daily_counts WHERE day BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR site = $3)
     GROUP BY site, day ORDER BY day, site`,
    [f.from, f.to, f.site ?? null],
  );
}

export interface DeviceRow {
  device: string;
  class: string;
  state: string;
  lastErrorCode: string | null;
  since: Date;
  updatedAt: Date;
}

export function stationDevices(db: Queryable, site: string, station: string): Promise<DeviceRow[]> {
  return db.query<DeviceRow>(
    `SELECT device, class, state, last_error_code AS "lastErrorCode", since, updated_at AS "updatedAt"
     FROM fleet_devices WHERE site = $1 AND station = $2 ORDER BY device`,
    [site, station],
  );
}

export interface IncidentRow {
  kind: 'device' | 'offline';
  device: string;
  code: string;
  startedAt: Date;
  endedAt: Date | null;
  /** Seconds; open incidents count up to now. */
  durationSeconds: number;
}

export function stationIncidents(
  db: Queryable,
  site: string,
  station: string,
  now: Date,
  limit = 200,
): Promise<IncidentRow[]> {
  return db.query<IncidentRow>(
    `SELECT kind, device, code, started_at AS "startedAt", ended_at AS "endedAt",
       extract(epoch FROM (coalesce(ended_at, $3) - started_at))::float8 AS "durationSeconds"
     FROM fleet_incidents WHERE site = $1 AND station = $2 ORDER BY started_at DESC LIMIT $4`,
    [site, station, now, limit],
  );
}
