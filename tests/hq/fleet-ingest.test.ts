import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../../gateway/core/clock.js';
import { fleetConfig } from '../../gateway/hq/fleet/config.js';
import { dailyCounts } from '../../gateway/hq/fleet/fleet-queries.js';
import { FleetIngest } from '../../gateway/hq/fleet/ingest.js';
import { migrate } from '../../gateway/hq/db/migrator.js';
import { Simulator } from '../../gateway/hq/simulate/simulator.js';
import { forEachDatabase } from '../helpers/hq-databases.js';
import { startTestHq } from '../helpers/hq.js';
import { startMosquitto, type Mosquitto } from '../helpers/mosquitto.js';
import { waitFor } from '../helpers/processes.js';
import { describeWithSystem } from '../helpers/system.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { job, station } from './fleet-messages.js';

const quiet = { info() {}, warn() {}, error() {} };

const STATIONS = 30;
const CARDS = 600;

/** A metric's value summed over its label sets, from HQ's /metrics text. */
const metric = (text: string, name: string, match = '') =>
  text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) && l.includes(match))
    .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);

forEachDatabase('fleet ingest batches', (open) => {
  it('commits what queued while a transaction ran in the next one, and resolves each message after its commit', async () => {
    const { db } = await open();
    await migrate(db);
    const ingest = new FleetIngest({ db, prefix: 'cardgate', logger: quiet, clock: systemClock });
    const a = station('site-a', 'st-1');
    const msgs = Array.from({ length: 100 }, (_, i) => a.msg('events', job(`j${i}`)));
    const committed: number[] = [];
    const all = msgs.map((m, i) => ingest.handle(m.topic, m.raw).then((ok) => ok && committed.push(i)));
    // A copy of each again: duplicates, counted once.
    const copies = msgs.map((m) => ingest.handle(m.topic, m.raw));
    await Promise.all([...all, ...copies]);
    expect(committed).toHaveLength(100);
    // The first message went alone; the 199 that queued meanwhile went together (max 200).
    expect(ingest.counters).toMatchObject({ stored: 100, duplicates: 100, batches: 2 });
    const [day] = await dailyCounts(db, { from: '2026-11-30', to: '2026-11-30' });
    expect(day).toMatchObject({ issued: 100, gap: false });
  });
});

describeWithSystem(['mosquitto'], 'HQ fleet ingest through mosquitto, batched', () => {
  let broker: Mosquitto;
  beforeAll(async () => {
    broker = await startMosquitto();
  }, 60_000);
  afterAll(async () => {
    await broker?.close();
  });

  forEachDatabase('commits what several lanes bring in shared transactions', (open) => {
    it('stores every card once (HQ counts = the stations’ own) counted in /metrics', async () => {
      // Its own shared group: the other database's run left persistent sessions in the broker,
      // and mosquitto would keep queueing a share of the messages for them.
      const group = `hq-${open.kind}`;
      const hq = await startTestHq(await open(), {
        config: { fleet: fleetConfig({ broker: broker.url, replica: group, group, lanes: 4 }) },
      });
      const sim = new Simulator({
        stations: STATIONS,
        broker: broker.url,
        dataDir: makeTempDir('cardgate-sim-'),
        clock: systemClock,
        rate: 0,
        healthIntervalSeconds: 3600,
      });
      try {
        await sim.start();
        await waitFor(() => sim.connected() === STATIONS, { timeoutMs: 60_000, what: 'stations connected' });
        // All at once: the broker hands them to the 4 lanes faster than one commit each.
        for (let i = 0; i < CARDS; i++) sim.stations[i % STATIONS]!.issue(i % 13 === 0 ? 'voided' : 'done');
        expect(await sim.drained(120_000)).toBe(true);
        const own = sim.totals();
        const days = Object.keys(own).sort();
        const atHq = async () => {
          const rows = await dailyCounts(hq.ctx.db, { from: days[0]!, to: days.at(-1)! });
          const sum = { issued: 0, voided: 0, failed: 0 };
          for (const r of rows) {
            sum.issued += r.issued;
            sum.voided += r.voided;
            sum.failed += r.failed;
          }
          return sum;
        };
        const expected = Object.values(own).reduce(
          (s, c) => ({
            issued: s.issued + c.issued,
            voided: s.voided + c.voided,
            failed: s.failed + c.failed,
          }),
          { issued: 0, voided: 0, failed: 0 },
        );
        expect(expected.issued + expected.voided).toBe(CARDS);
        await waitFor(async () => JSON.stringify(await atHq()) === JSON.stringify(expected), {
          timeoutMs: 120_000,
          what: 'HQ counts equal to the stations’ own',
        });
        const text = (await hq.request('GET', '/metrics')).body as string;
        const stored = metric(text, 'cardgate_hq_fleet_messages_total', 'result="stored"');
        expect(stored).toBeGreaterThanOrEqual(CARDS);
        expect(metric(text, 'cardgate_hq_fleet_batches_total')).toBeGreaterThan(0);
      } finally {
        await sim.stop();
        await hq.stop();
      }
    }, 240_000);
  });
});
