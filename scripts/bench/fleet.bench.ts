/**
 * `npm run bench fleet`: HQ's fleet database path with 5,000 stations, without a broker: every
 * station's status, health (two devices), counters and two events through FleetIngest (contract
 * check, one transaction each), then the fleet overview and /metrics over all 5,000. The embedded
 * database unless CARDGATE_BENCH_DB=postgres://… is set. The broker path (NATS, replicas) is
 * measured by the fault test's run, not here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../gateway/hq/db/database.js';
import { migrate } from '../../gateway/hq/db/migrator.js';
import { FleetIngest } from '../../gateway/hq/fleet/ingest.js';
import { fleetOverview, dailyCounts } from '../../gateway/hq/fleet/fleet-queries.js';
import { renderFleetMetrics } from '../../gateway/hq/fleet/metrics.js';
import { Publisher } from '../../gateway/telemetry/publisher.js';
import type { BenchRow } from './row.js';

const STATIONS = 5000;
const quiet = { info() {}, warn() {}, error() {}, debug() {} };

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cardgate-bench-fleet-'));
  const db = await openDatabase(process.env.CARDGATE_BENCH_DB ?? 'embedded', dir);
  try {
    await migrate(db);
    const now = Date.now();
    const ingest = new FleetIngest({
      db,
      prefix: 'cardgate',
      logger: quiet,
      clock: { now: () => Date.now() },
    });
    const device = (id: string, cls: 'printer' | 'encoder') => ({
      id,
      class: cls,
      driver: 'sim',
      transport: 'none',
      emulated: true,
      state: 'online' as const,
      lastErrorCode: null,
      lastSeen: null,
      readings: {},
    });
    const msgs: { topic: string; raw: Buffer }[] = [];
    for (let i = 0; i < STATIONS; i++) {
      const site = `site-${String(Math.floor(i / 10)).padStart(3, '0')}`;
      const station = `sim-${String(i).padStart(4, '0')}`;
      const pub = new Publisher({
        bootId: `boot-${i}-bench`,
        base: `cardgate/${site}/${station}`,
        now: () => new Date(now).toISOString(),
        maxPayloadBytes: 65536,
        logger: quiet,
      });
      const m = (stream: string, body: object) => ({
        topic: `cardgate/${site}/${station}/${stream}`,
        raw: Buffer.from(JSON.stringify(pub.message(stream as 'events', body as never))),
      });
      msgs.push(
        m('status', { state: 'online', version: '1.0.0', bootTime: new Date(now).toISOString() }),
        m('health', {
          devices: [device('printer-1', 'printer'), device('encoder-1', 'encoder')],
          system: {
            uptimeSeconds: 1,
            processUptimeSeconds: 1,
            memory: { rssBytes: 1, freeBytes: 1, totalBytes: 2 },
            disk: null,
            clock: 'synchronised',
          },
          outbox: { depth: 0, overLimit: false, coalescedHealth: 0 },
        }),
        m('counters', {
          totals: { issued: 2, spoiled: 0, voided: 0, byKind: {} },
          today: { date: '2026-11-30', issued: 2, spoiled: 0, voided: 0 },
          stock: { loaded: 100, inFeeder: 100, good: 0, spoiled: 0 },
          numbers: { remaining: 10 },
        }),
        m('events', { level: 'info', code: 'JOB_DONE', source: 'issuance', detail: { jobId: 'a' } }),
        m('events', { level: 'info', code: 'JOB_DONE', source: 'issuance', detail: { jobId: 'b' } }),
      );
    }
    const lat: number[] = [];
    const t0 = performance.now();
    for (const x of msgs) {
      const s = performance.now();
      await ingest.handle(x.topic, x.raw);
      lat.push(performance.now() - s);
    }
    const secs = (performance.now() - t0) / 1000;
    const day = new Date(now).toISOString().slice(0, 10);
    const counted = (await dailyCounts(db, { from: day, to: day })).reduce((n, r) => n + r.issued, 0);
    const pages: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      const r = await fleetOverview(db, { limit: STATIONS });
      pages.push(performance.now() - s);
      if (r.stations.length !== STATIONS) throw new Error(`overview listed ${r.stations.length}`);
    }
    const s = performance.now();
    await renderFleetMetrics(db, new Date(), 'bench', ingest.counters);
    const metricsMs = performance.now() - s;
    // 5,000 stations with health every 30 s need 167 messages/s.
    return [
      {
        name: `ingest, ${db.kind} (messages/s, one transaction each)`,
        value: msgs.length / secs,
        unit: 'msg/s',
        goal: '≥ 167 (5,000 × health/30 s)',
      },
      { name: 'ingest per message p99', value: pct(lat, 0.99), unit: 'ms', goal: '< 2000 (lag)' },
      {
        name: 'counts exact',
        value: counted === STATIONS * 2 ? 1 : 0,
        unit: 'bool',
        note: `${counted} of ${STATIONS * 2}`,
      },
      {
        name: 'fleet overview, 5,000 stations (p50 of 5)',
        value: pct(pages, 0.5),
        unit: 'ms',
        goal: '< 1000',
      },
      { name: '/metrics, 5,000 stations', value: metricsMs, unit: 'ms' },
    ];
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
