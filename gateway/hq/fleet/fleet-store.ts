import type { Database, Queryable } from '../db/database.js';
import type { Message } from '../../telemetry/publisher.js';
import type { FleetMessage } from './message.js';

/** What one message did: `duplicate` when its (station, bootId, seq) was already counted. */
export type Applied = 'stored' | 'duplicate' | 'ignored';

/** Event codes that count, and the column they count in. */
const COUNTED: Record<string, 'issued' | 'voided' | 'failed' | 'cancelled'> = {
  JOB_DONE: 'issued',
  JOB_VOIDED: 'voided',
  JOB_FAILED: 'failed',
  JOB_CANCELLED: 'cancelled',
};

type Device = Message<'health'>['devices'][number];

/**
 * Writes telemetry into HQ's database, one transaction per message or per batch. Events are idempotent on
 * (site, station, bootId, seq): the insert of a copy does nothing, and the day's count is bumped
 * only with a first insert, so re-deliveries and a second replica's copy never count twice.
 * State streams (status, birth, health, counters) are applied only when not older than what is
 * stored, so late copies arriving through another replica do not turn the clock back.
 */
export class FleetStore {
  constructor(private readonly db: Database) {}

  apply(m: FleetMessage, receivedAt: Date): Promise<Applied> {
    if (m.stream === 'other') return Promise.resolve('ignored');
    return this.db.transaction((tx) => applyIn(tx, m, receivedAt));
  }

  /**
   * Several messages in ONE transaction, in the order given (the commit is what costs: one
   * fsync and one round trip of BEGIN/COMMIT for the lot). All or nothing: on an error the
   * whole batch is rolled back and the caller retries it; idempotency makes that safe.
   */
  applyMany(ms: readonly FleetMessage[], receivedAt: Date): Promise<Applied[]> {
    return this.db.transaction(async (tx) => {
      const out: Applied[] = [];
      for (const m of ms) out.push(m.stream === 'other' ? 'ignored' : await applyIn(tx, m, receivedAt));
      return out;
    });
  }
}

async function applyIn(tx: Queryable, m: FleetMessage, receivedAt: Date): Promise<Applied> {
  if (m.stream === 'other') return 'ignored';
  await touch(tx, m.site, m.station, receivedAt, m.body.historical === true);
  switch (m.stream) {
    case 'events':
      return event(tx, m.site, m.station, m.body, receivedAt);
    case 'status':
      await status(tx, m.site, m.station, m.body, receivedAt);
      return 'stored';
    case 'birth':
      await tx.query(
        `UPDATE fleet_stations SET name = $3, version = $4, boot_id = $5, boot_time = $6
         WHERE site = $1 AND station = $2 AND (boot_time IS NULL OR boot_time <= $6)`,
        [m.site, m.station, m.body.name, m.body.version, m.body.bootId, m.body.bootTime],
      );
      await devices(tx, m.site, m.station, m.body.devices, new Date(m.body.ts));
      return 'stored';
    case 'health':
      return health(tx, m.site, m.station, m.body, receivedAt);
    case 'counters': {
      const b = m.body;
      await tx.query(
        `UPDATE fleet_stations SET counters_ts = $3, issued_total = $4, issued_today = $5,
           stock_in_feeder = $6, numbers_remaining = $7
         WHERE site = $1 AND station = $2 AND (counters_ts IS NULL OR counters_ts <= $3)`,
        [m.site, m.station, b.ts, b.totals.issued, b.today.issued, b.stock.inFeeder, b.numbers.remaining],
      );
      return 'stored';
    }
  }
}

async function touch(tx: Queryable, site: string, station: string, at: Date, historical: boolean) {
  // A replayed message says nothing about now: it does not make a station look alive.
  await tx.query(
    `INSERT INTO fleet_stations (site, station, last_seen) VALUES ($1, $2, $3)
     ON CONFLICT (site, station) DO UPDATE SET last_seen =
       CASE WHEN $4 THEN fleet_stations.last_seen
            ELSE greatest(fleet_stations.last_seen, EXCLUDED.last_seen) END`,
    [site, station, at, historical],
  );
}

async function event(
  tx: Queryable,
  site: string,
  station: string,
  e: Message<'events'>,
  at: Date,
): Promise<Applied> {
  const inserted = await tx.query(
    `INSERT INTO fleet_events (site, station, boot_id, seq, ts, received_at, level, code, source, detail, historical)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (site, station, boot_id, seq) DO NOTHING RETURNING seq`,
    [
      site,
      station,
      e.bootId,
      e.seq,
      e.ts,
      at,
      e.level,
      e.code,
      e.source,
      e.detail ? JSON.stringify(e.detail) : null,
      e.historical === true,
    ],
  );
  if (inserted.length === 0) return 'duplicate';
  await tx.query(
    `INSERT INTO fleet_event_streams (site, station, boot_id, max_seq, received, first_ts, last_ts)
     VALUES ($1, $2, $3, $4, 1, $5, $5)
     ON CONFLICT (site, station, boot_id) DO UPDATE SET
       max_seq = greatest(fleet_event_streams.max_seq, EXCLUDED.max_seq),
       received = fleet_event_streams.received + 1,
       first_ts = least(fleet_event_streams.first_ts, EXCLUDED.first_ts),
       last_ts = greatest(fleet_event_streams.last_ts, EXCLUDED.last_ts)`,
    [site, station, e.bootId, e.seq, e.ts],
  );
  const column = COUNTED[e.code];
  if (column)
    await tx.query(
      `INSERT INTO fleet_daily_counts (site, station, day, ${column})
       VALUES ($1, $2, ($3::timestamptz AT TIME ZONE 'UTC')::date, 1)
       ON CONFLICT (site, station, day) DO UPDATE SET ${column} = fleet_daily_counts.${column} + 1`,
      [site, station, e.ts],
    );
  return 'stored';
}

async function status(tx: Queryable, site: string, station: string, s: Message<'status'>, at: Date) {
  // Status is plain state in arrival order (a will is composed before the online it follows, so
  // its seq and ts are lower); only a status of an older boot than the one known is ignored.
  const rows = await tx.query<{ status: string }>(
    `UPDATE fleet_stations SET status = $3, status_reason = $4,
       status_since = CASE WHEN status = $3 THEN status_since ELSE $5 END,
       version = $6, boot_id = CASE WHEN $3 = 'online' THEN $7 ELSE boot_id END,
       boot_time = CASE WHEN $3 = 'online' THEN $8 ELSE boot_time END
     WHERE site = $1 AND station = $2 AND (boot_time IS NULL OR boot_time <= $8)
     RETURNING status`,
    [site, station, s.state, s.reason ?? null, at, s.version, s.bootId, s.bootTime],
  );
  if (rows.length === 0) return;
  if (s.state === 'offline') await openIncident(tx, site, station, 'offline', '', s.reason ?? 'offline', at);
  else await closeIncident(tx, site, station, 'offline', '', at);
}

async function health(
  tx: Queryable,
  site: string,
  station: string,
  h: Message<'health'>,
  at: Date,
): Promise<Applied> {
  const skew = h.historical ? null : Date.parse(h.ts) - at.getTime();
  // A station not enrolled with HQ reports no hand-off: its figures go back to null.
  const ho = h.handoff;
  const rows = await tx.query(
    `UPDATE fleet_stations SET health_ts = $3, clock_sync = $4,
       clock_skew_ms = coalesce($5, clock_skew_ms), outbox_depth = $6, handoff_pending = $7,
       handoff_oldest_seconds = $8, handoff_last_ack = $9, handoff_error = $10, print_lines = $11
     WHERE site = $1 AND station = $2 AND (health_ts IS NULL OR health_ts <= $3) RETURNING site`,
    [
      site,
      station,
      h.ts,
      h.system.clock,
      skew,
      h.outbox.depth,
      ho?.pending ?? null,
      ho?.oldestPendingAgeSeconds ?? null,
      ho?.lastAckAt ?? null,
      ho?.lastErrorCode ?? null,
      h.lines ? JSON.stringify(h.lines) : null,
    ],
  );
  if (rows.length === 0) return 'ignored';
  await devices(tx, site, station, h.devices, new Date(h.ts));
  return 'stored';
}

/** Latest state per device with since-when; a fault opens an incident, its end closes it. */
async function devices(tx: Queryable, site: string, station: string, list: Device[], ts: Date) {
  for (const d of list) {
    const rows = await tx.query(
      `INSERT INTO fleet_devices (site, station, device, class, state, last_error_code, readings, since, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
       ON CONFLICT (site, station, device) DO UPDATE SET class = EXCLUDED.class, state = EXCLUDED.state,
         last_error_code = EXCLUDED.last_error_code, readings = EXCLUDED.readings,
         since = CASE WHEN fleet_devices.state = EXCLUDED.state THEN fleet_devices.since ELSE EXCLUDED.since END,
         updated_at = EXCLUDED.updated_at
       WHERE fleet_devices.updated_at <= EXCLUDED.updated_at
       RETURNING device`,
      [site, station, d.id, d.class, d.state, d.lastErrorCode, JSON.stringify(d.readings), ts],
    );
    if (rows.length === 0) continue;
    if (d.state === 'fault')
      await openIncident(tx, site, station, 'device', d.id, d.lastErrorCode ?? 'DEVICE_FAULT', ts);
    else await closeIncident(tx, site, station, 'device', d.id, ts);
  }
}

export async function openIncident(
  tx: Queryable,
  site: string,
  station: string,
  kind: 'device' | 'offline',
  device: string,
  code: string,
  at: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO fleet_incidents (site, station, kind, device, code, started_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (site, station, kind, device) WHERE ended_at IS NULL DO NOTHING`,
    [site, station, kind, device, code, at],
  );
}

async function closeIncident(
  tx: Queryable,
  site: string,
  station: string,
  kind: 'device' | 'offline',
  device: string,
  at: Date,
): Promise<void> {
  await tx.query(
    `UPDATE fleet_incidents SET ended_at = greatest(started_at, $5)
     WHERE site = $1 AND station = $2 AND kind = $3 AND device = $4 AND ended_at IS NULL`,
    [site, station, kind, device, at],
  );
}
