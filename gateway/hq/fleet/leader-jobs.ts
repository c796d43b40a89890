import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.js';
import type { Database, Queryable } from '../db/database.js';

/** One 64-bit key for the fleet's leader jobs ("cgfleet1" in ASCII), distinct from the migrator's. */
export const FLEET_LEADER_LOCK_KEY = '7163486941463962673';

export interface LeaderJobsOptions {
  db: Database;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** No message for this long while "online" → offline (reason `silent`). */
  silenceMs: number;
  /** Event log kept this long (by receive time). */
  retentionDays: number;
  intervalMs: number;
}

export interface LeaderRun {
  /** False when another replica held the lock (this one did nothing). */
  led: boolean;
  silenced: number;
  pruned: number;
}

/**
 * Jobs only one replica may run at a time: offline detection and event-log pruning. Each run
 * takes a transaction-scoped advisory lock with pg_try_advisory_xact_lock: a replica that does
 * not get it skips the run; a replica that dies mid-run releases it with its connection, so the
 * next run elsewhere picks up. Jobs are idempotent, so it does not matter which replica runs next.
 */
export async function runLeaderJobs(o: Omit<LeaderJobsOptions, 'intervalMs' | 'logger'>): Promise<LeaderRun> {
  return o.db.transaction(async (tx) => {
    const [lock] = await tx.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1::int8) AS got', [
      FLEET_LEADER_LOCK_KEY,
    ]);
    if (!lock?.got) return { led: false, silenced: 0, pruned: 0 };
    const now = new Date(o.clock.now());
    const silenced = await silence(tx, now, o.silenceMs);
    const pruned = await tx.query(
      `DELETE FROM fleet_events WHERE received_at < $1::timestamptz - make_interval(days => $2) RETURNING 1`,
      [now, o.retentionDays],
    );
    return { led: true, silenced, pruned: pruned.length };
  });
}

/** Stations "online" whose last message is older than the silence limit: offline since then. */
async function silence(tx: Queryable, now: Date, silenceMs: number): Promise<number> {
  const rows = await tx.query<{ site: string; station: string; last_seen: Date }>(
    `UPDATE fleet_stations SET status = 'offline', status_reason = 'silent', status_since = last_seen
     WHERE status = 'online' AND last_seen < $1::timestamptz - make_interval(secs => $2)
     RETURNING site, station, last_seen`,
    [now, silenceMs / 1000],
  );
  for (const r of rows)
    await tx.query(
      `INSERT INTO fleet_incidents (site, station, kind, device, code, started_at)
       VALUES ($1, $2, 'offline', '', 'silent', $3)
       ON CONFLICT (site, station, kind, device) WHERE ended_at IS NULL DO NOTHING`,
      [r.site, r.station, r.last_seen],
    );
  return rows.length;
}

/** Runs the jobs every `intervalMs` on every replica; the lock picks who does the work. */
export function scheduleLeaderJobs(o: LeaderJobsOptions): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      const r = await runLeaderJobs(o);
      if (r.led && (r.silenced || r.pruned)) o.logger.info({ ...r }, 'fleet leader jobs');
    } catch (err) {
      o.logger.warn({ err }, 'fleet leader jobs failed; next run retries');
    }
    if (!stopped) timer = setTimeout(() => void tick(), o.intervalMs);
  };
  timer = setTimeout(() => void tick(), o.intervalMs);
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
