import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithSystem } from '../helpers/system.js';
import { startPostgres, type PostgresCluster } from '../helpers/postgres.js';
import { waitFor } from '../helpers/processes.js';
import {
  enrolStations,
  freePort,
  HqProcess,
  issueAll,
  RecordCounter,
  seeded,
  storedAtHq,
  type FaultStation,
} from './fault-rig.js';

const STATIONS = 5;
const PER_STATION = 100;
const TOTAL = STATIONS * PER_STATION;
/** CARDGATE_FAULT_SEED replays a recorded run's fault plan. */
const SEED = Number(process.env.CARDGATE_FAULT_SEED ?? Date.now() % 1_000_000);

/**
 * Issue 15's fault tests: five stations (real issuance service with fake devices, real hand-off,
 * real enrolment) hand off 500 records in all to a real `cardgate hq` process on real
 * PostgreSQL 15, while HQ is SIGKILLed at seeded random moments, or PostgreSQL is restarted.
 * Afterwards every record is stored exactly once and every station's outbox is empty.
 */
/** What each station did, for a run that stalls. */
const stuck = (st: FaultStation[]): string =>
  st
    .map(
      (s, i) =>
        `st-${i + 1}: ${s.jobs.length} issued, ${s.acks.results.length} acknowledged, ` +
        `${JSON.stringify(s.rig.handoff.status())}, errors ${s.acks.errors.slice(0, 3).join(' | ')}`,
    )
    .join('\n');

describeWithSystem(['postgresql'], 'hand-off through HQ and database faults', () => {
  let pgc: PostgresCluster;
  const running: HqProcess[] = [];
  const stations: FaultStation[] = [];

  beforeAll(async () => {
    pgc = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    for (const s of stations.splice(0)) await s.rig.close().catch(() => undefined);
    for (const h of running) await h.stop('SIGKILL');
    await pgc?.close();
  });

  async function setUp(): Promise<{ hq: HqProcess; db: string; st: FaultStation[] }> {
    const db = await pgc.createDatabase();
    const hq = new HqProcess(db, await freePort());
    running.push(hq);
    await hq.start();
    const st = await enrolStations(hq, STATIONS);
    stations.push(...st);
    return { hq, db, st };
  }

  /** Every station's outbox empties (the pumps retry on their own), then HQ's rows are compared. */
  async function expectExactlyOnce(db: string, st: FaultStation[]) {
    for (const s of st) {
      await s.rig.handoff.settled();
      s.rig.handoff.pump.retryNow();
      await s.rig.handoff.pump.drained();
      expect(s.rig.handoff.status()).toMatchObject({ pending: 0, lastError: null });
      expect(s.rig.handoff.outbox.depth).toBe(0);
    }
    const ids = st.flatMap((s, i) => s.jobs.map((j) => `st-${i + 1}:${j}:issued`)).sort();
    const atHq = await storedAtHq(db);
    expect(ids).toHaveLength(TOTAL);
    expect(atHq.recordIds.sort()).toEqual(ids);
    expect(atHq.documents).toBe(TOTAL);
    const acks = st.flatMap((s) => s.acks.results);
    const created = acks.filter((a) => a.result === 'created').length;
    const duplicates = acks.filter((a) => a.result === 'duplicate').length;
    // Every record acknowledged once at the station; a record HQ stored but could not answer
    // before it died came back as a duplicate, never as a second row.
    expect(new Set(acks.map((a) => a.recordId)).size).toBe(TOTAL);
    expect(acks).toHaveLength(TOTAL);
    return { created, duplicates };
  }

  it(`HQ SIGKILLed at random moments while ${STATIONS} stations hand off ${TOTAL} records: each stored once, outboxes empty`, async () => {
    const rng = seeded(SEED);
    const { hq, db, st } = await setUp();
    const counter = new RecordCounter(db);
    const recordCount = () => counter.count();
    const kills: Array<{ kill: number; storedAtHq: number; inFlightJitterMs: number }> = [];
    const issuing = issueAll(st, PER_STATION);
    // The fault plan: after every 20–80 more records committed at HQ, a jitter of 0–150 ms (so
    // the kill lands anywhere in a request), then SIGKILL and a restart on the same port.
    const killer = (async () => {
      for (;;) {
        const target = (await recordCount()) + 20 + Math.floor(rng() * 60);
        const jitter = Math.floor(rng() * 150);
        if (target >= TOTAL) return;
        await waitFor(async () => (await recordCount()) >= target, {
          timeoutMs: 180_000,
          intervalMs: 100,
          what: `${target} records at HQ`,
        }).catch((e: Error) => {
          throw new Error(`${e.message}\n${stuck(st)}`);
        });
        await new Promise((r) => setTimeout(r, jitter));
        const at = await recordCount();
        await hq.stop('SIGKILL');
        kills.push({ kill: kills.length + 1, storedAtHq: at, inFlightJitterMs: jitter });
        await hq.start();
        for (const s of st) s.rig.handoff.pump.retryNow();
      }
    })();
    await issuing;
    await killer;
    await counter.close();
    const { created, duplicates } = await expectExactlyOnce(db, st);
    console.info(
      `hand-off under HQ SIGKILL: seed ${SEED}; ${kills.length} kills ${JSON.stringify(kills)}; ` +
        `${TOTAL} records stored once (${created} answered created, ${duplicates} duplicate after a kill)`,
    );
    expect(kills.length).toBeGreaterThanOrEqual(3);
    expect(created + duplicates).toBe(TOTAL);
  }, 900_000);

  it(`PostgreSQL restarted twice mid-run while ${STATIONS} stations hand off ${TOTAL} records: each stored once, outboxes empty`, async () => {
    for (const s of stations.splice(0)) await s.rig.close();
    const { db, st } = await setUp();
    const counter = new RecordCounter(db);
    const recordCount = () => counter.count();
    const issuing = issueAll(st, PER_STATION);
    const restarts: Array<{ mode: string; storedAtHq: number }> = [];
    for (const [at, mode] of [
      [Math.round(TOTAL / 3), 'fast'],
      [Math.round((2 * TOTAL) / 3), 'immediate'],
    ] as const) {
      await waitFor(async () => (await recordCount()) >= at, {
        timeoutMs: 180_000,
        intervalMs: 100,
        what: `${at} records at HQ`,
      }).catch((e: Error) => {
        throw new Error(`${e.message}\n${stuck(st)}`);
      });
      restarts.push({ mode, storedAtHq: await recordCount() });
      await pgc.restart(mode);
    }
    await issuing;
    await counter.close();
    const { created, duplicates } = await expectExactlyOnce(db, st);
    console.info(
      `hand-off under PostgreSQL restarts ${JSON.stringify(restarts)}: ${TOTAL} records stored once ` +
        `(${created} created, ${duplicates} duplicate)`,
    );
    expect(restarts.every((r) => r.storedAtHq < TOTAL)).toBe(true);
  }, 900_000);
});
