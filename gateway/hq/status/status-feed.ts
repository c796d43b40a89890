import type { AnnouncedStatusT, DocumentStatusChangeT } from '../../telemetry/contract/index.js';
import type { Queryable } from '../db/database.js';

/**
 * One key for every writer of document_status_changes ("cg-statu" in ASCII). Taken per
 * transaction before a change is numbered, so changes commit in `seq` order: a publisher that
 * reads seq 6 never later finds a seq 5 committed behind it (which a station acknowledging 6
 * would then never get).
 */
export const STATUS_SEQ_LOCK = '7163900292547687797';

export interface StationRef {
  site: string;
  station: string;
}

/** Records a status change inside the caller's transaction (the one that changed the status). */
export async function recordStatusChange(
  tx: Queryable,
  change: { number: string; status: AnnouncedStatusT; at: Date },
): Promise<number> {
  await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [STATUS_SEQ_LOCK]);
  const [row] = await tx.query<{ seq: number }>(
    'INSERT INTO document_status_changes (number, status, at) VALUES ($1, $2, $3) RETURNING seq',
    [change.number, change.status, change.at],
  );
  return Number(row!.seq);
}

/** Changes after `seq`, oldest first, at most `limit`. */
export async function changesAfter(
  q: Queryable,
  seq: number,
  limit: number,
): Promise<DocumentStatusChangeT[]> {
  const rows = await q.query<{ seq: number; number: string; status: AnnouncedStatusT; at: Date }>(
    'SELECT seq, number, status, at FROM document_status_changes WHERE seq > $1 ORDER BY seq LIMIT $2',
    [seq, limit],
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    number: r.number,
    status: r.status,
    at: new Date(r.at).toISOString(),
  }));
}

export async function latestSeq(q: Queryable): Promise<number> {
  const [row] = await q.query<{ seq: number | null }>('SELECT max(seq) AS seq FROM document_status_changes');
  return Number(row?.seq ?? 0);
}

/** Active stations with what each acknowledged (0: nothing yet). */
export async function stationAcks(q: Queryable): Promise<(StationRef & { acked: number })[]> {
  const rows = await q.query<{ site: string; station: string; acked: number | null }>(
    `SELECT s.site, s.station, a.acked_seq AS acked
       FROM stations s LEFT JOIN status_station_acks a ON a.site = s.site AND a.station = s.station
      WHERE s.status = 'active' ORDER BY s.site, s.station`,
  );
  return rows.map((r) => ({ site: r.site, station: r.station, acked: Number(r.acked ?? 0) }));
}

/** A station holds every change up to `seq` (never moves backwards). */
export async function acknowledge(q: Queryable, ref: StationRef, seq: number, at: Date): Promise<void> {
  await q.query(
    `INSERT INTO status_station_acks (site, station, acked_seq, acked_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (site, station) DO UPDATE
       SET acked_seq = GREATEST(status_station_acks.acked_seq, EXCLUDED.acked_seq), acked_at = EXCLUDED.acked_at`,
    [ref.site, ref.station, seq, at],
  );
}
