/**
 * `npm run bench fleet` (issue 16): HQ's fleet on real PostgreSQL 15 (a scratch cluster with
 * fsync ON, as a deployment has it) and on the embedded PGlite:
 * 1. the database path: ingest one message at a time vs batched (128 in flight);
 * 2. the broker path: N simulated stations (default 5,000; CARDGATE_BENCH_FLEET_STATIONS) through
 *    mosquitto into 1 and then 2 `cardgate hq` replicas, steady traffic for 90 s after a 60 s
 *    warm-up (CARDGATE_BENCH_FLEET_STEADY_S, _WARMUP_S): lag p99, exact counts, the overview API
 *    over every station, and the burst rate each setup takes (fleet-broker.ts);
 * 3. the replica fault at that size: two replicas, one SIGKILLed halfway through the steady
 *    traffic and restarted 10 s later; counts exact (CARDGATE_BENCH_FLEET_KILL=0 skips it);
 * 4. 2 and 3 again through a three-node NATS cluster's MQTT listener, with
 *    CARDGATE_BENCH_FLEET_NATS_STATIONS stations (default 1,000; 0 skips).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../gateway/hq/db/database.js';
import { migrate } from '../../gateway/hq/db/migrator.js';
import { dailyCounts, fleetOverview } from '../../gateway/hq/fleet/fleet-queries.js';
import { startPostgres } from '../../tests/helpers/postgres.js';
import { brokerRun } from './fleet-broker.js';
import { fleetPageRender } from './fleet-page.js';
import { ingestRate, stationMessages } from './fleet-db.js';
import { calibrationRow, median, type BenchRow } from './row.js';

const STATIONS = Number(process.env.CARDGATE_BENCH_FLEET_STATIONS ?? 5000);
const STEADY_MS = Number(process.env.CARDGATE_BENCH_FLEET_STEADY_S ?? 90) * 1000;
const WARM_UP_MS = Number(process.env.CARDGATE_BENCH_FLEET_WARMUP_S ?? 60) * 1000;
// NATS's MQTT listener makes JetStream consumers per station session: a smaller fleet by default.
const NATS_STATIONS = Number(process.env.CARDGATE_BENCH_FLEET_NATS_STATIONS ?? 1000);

async function databasePath(db: Database, label: string): Promise<BenchRow[]> {
  await migrate(db);
  const now = Date.now();
  // One at a time on the first 500 stations (2,500 messages), batched on all the others.
  const serial = await ingestRate(db, stationMessages(0, 500, now), 1);
  const batched = await ingestRate(db, stationMessages(500, 5000, now), 128);
  const day = new Date(now).toISOString().slice(0, 10);
  const counted = (await dailyCounts(db, { from: day, to: day })).reduce((n, r) => n + r.issued, 0);
  const pages: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    await fleetOverview(db, { limit: 5000 });
    pages.push(performance.now() - s);
  }
  return [
    { name: `${label}: ingest one message per transaction`, value: serial.rate, unit: 'msg/s' },
    {
      name: `${label}: ingest batched (128 in flight)`,
      value: batched.rate,
      unit: 'msg/s',
      goal: '≥ 167 (5,000 × health/30 s)',
      note: `${batched.perBatch.toFixed(1)} messages per commit`,
    },
    {
      name: `${label}: counts exact`,
      value: counted === 10_000 ? 1 : 0,
      unit: 'bool',
      note: `${counted} of 10000`,
    },
    { name: `${label}: fleet overview query, 5,000 stations (p50 of 5)`, value: median(pages), unit: 'ms' },
  ];
}

/** 1 and then 2 replicas side by side; then one of two SIGKILLed halfway and restarted. */
async function brokerRows(
  pg: Awaited<ReturnType<typeof startPostgres>>,
  broker: 'mosquitto' | 'nats',
  stations: number,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const via = broker === 'nats' ? 'NATS cluster (3 nodes, MQTT listener)' : 'mosquitto';
  for (const replicas of [1, 2]) {
    const r = await brokerRun(pg, {
      broker,
      replicas,
      stations,
      steadyMs: STEADY_MS,
      warmUpMs: WARM_UP_MS,
      burst: 20_000,
    });
    const tag = `${stations} stations → ${via} → ${replicas} replica${replicas > 1 ? 's' : ''} → PostgreSQL`;
    rows.push(
      { name: `${tag}: stations connected`, value: r.startSeconds, unit: 's' },
      { name: `${tag}: ingest lag p99`, value: r.lagP99Ms, unit: 'ms', goal: '< 2000' },
      { name: `${tag}: counts exact`, value: r.countsExact ? 1 : 0, unit: 'bool', note: r.countsNote },
      {
        name: `${tag}: overview API, every station (p50 of 5)`,
        value: r.overviewMs,
        unit: 'ms',
        goal: '< 1000',
      },
      { name: `${tag}: burst of 20,000 messages taken`, value: r.burstRate, unit: 'msg/s' },
    );
  }
  // The replica fault: one of two SIGKILLed halfway, back 10 s later.
  if (process.env.CARDGATE_BENCH_FLEET_KILL !== '0') {
    const r = await brokerRun(pg, {
      broker,
      replicas: 2,
      stations,
      steadyMs: STEADY_MS,
      warmUpMs: WARM_UP_MS,
      burst: 0,
      killOne: true,
    });
    const tag = `${stations} stations → ${via} → 2 replicas, r2 SIGKILLed halfway and restarted 10 s later`;
    rows.push(
      { name: `${tag}: counts exact`, value: r.countsExact ? 1 : 0, unit: 'bool', note: r.countsNote },
      {
        name: `${tag}: ingest lag p99 (messages held for the dead replica included)`,
        value: r.lagP99Ms,
        unit: 'ms',
      },
    );
  }
  return rows;
}

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [calibrationRow()];
  const pg = await startPostgres();
  try {
    // The scratch cluster runs with fsync off for tests; a deployment commits to disk.
    execFileSync('psql', [
      pg.adminUrl,
      '-q',
      '-c',
      'ALTER SYSTEM SET fsync = on',
      '-c',
      'SELECT pg_reload_conf()',
    ]);
    const dbUrl = await pg.createDatabase();
    const db = await openDatabase(dbUrl, mkdtempSync(join(tmpdir(), 'cb-')));
    try {
      rows.push(...(await databasePath(db, 'PostgreSQL 15')));
    } finally {
      await db.close();
    }
    // The page itself over those 5,000 stations.
    const page = await fleetPageRender(dbUrl);
    rows.push({
      name: 'fleet page in Chromium, 5,000 stations: navigation → overview table shown (median of 10)',
      value: page.medianMs,
      unit: 'ms',
      goal: '< 1000',
      note: `p95 ${page.p95Ms.toFixed(0)} ms; the page says "${page.shown}"`,
    });
    if (process.env.CARDGATE_BENCH_FLEET_BROKER === '0') return rows;
    const dir = mkdtempSync(join(tmpdir(), 'cardgate-bench-fleet-'));
    const lite = await openDatabase('embedded', dir);
    try {
      rows.push(...(await databasePath(lite, 'PGlite')));
    } finally {
      await lite.close();
      rmSync(dir, { recursive: true, force: true });
    }
    if (STATIONS > 0) rows.push(...(await brokerRows(pg, 'mosquitto', STATIONS)));
    if (NATS_STATIONS > 0) rows.push(...(await brokerRows(pg, 'nats', NATS_STATIONS)));
  } finally {
    await pg.close();
  }
  rows.push(calibrationRow());
  return rows;
}
