import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, type NatsConnection } from 'nats';
import mqtt from 'mqtt';
import pg from 'pg';
import { MQTT_STREAM } from '../../gateway/hq/fleet/nats-source.js';
import { Simulator } from '../../gateway/hq/simulate/simulator.js';
import { systemClock } from '../../gateway/core/clock.js';
import { describeWithSystem } from '../helpers/system.js';
import { startNatsCluster, type NatsCluster } from '../helpers/nats-cluster.js';
import { startPostgres, type PostgresCluster } from '../helpers/postgres.js';
import { startCli, waitFor, type RunningProcess } from '../helpers/processes.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const STATIONS = 20;
const CARDS = 600;

/**
 * Two HQ replicas (real `cardgate hq` processes) share one PostgreSQL and one durable JetStream
 * consumer on a three-node NATS cluster; twenty simulated stations (the real telemetry code)
 * report through NATS's MQTT listener. During one run: replica r1 is SIGKILLed, one NATS node is
 * SIGKILLed, PostgreSQL is restarted, and junk is published on station topics. At the end the
 * day's counts at HQ equal every station's own counts exactly, and r2 counted the junk as refused.
 */
describeWithSystem(
  ['postgresql', 'nats-server'],
  'fleet ingest through replica, broker and database faults',
  () => {
    let pgc: PostgresCluster;
    let nats: NatsCluster;
    let nc: NatsConnection;
    const procs: RunningProcess[] = [];

    beforeAll(async () => {
      [pgc, nats] = await Promise.all([startPostgres(), startNatsCluster()]);
      nc = await connect({ servers: nats.natsUrls });
    }, 300_000);

    afterAll(async () => {
      for (const p of procs) await p.stop('SIGKILL');
      await nc?.close();
      await nats?.close();
      await pgc?.close();
    });

    // Replicas of one HQ share its keys (in production one token; here the file store of one
    // folder): a replica with other keys is refused (HQ_KEYS_MISMATCH). r1 creates them first.
    const sharedDir = makeTempDir('cardgate-hq-replicas-');
    const replicas: Record<string, RunningProcess> = {};
    async function replica(name: string, db: string): Promise<{ proc: RunningProcess; url: string }> {
      const proc = startCli(
        ['hq', '--db', db, '--data-dir', sharedDir, '--http', '--port', '0'].concat([
          '--broker',
          nats.natsUrls.join(','),
          '--replica',
          name,
        ]),
        { env: { CARDGATE_LOG_LEVEL: 'info' } },
      );
      procs.push(proc);
      replicas[name] = proc;
      const [, url] = await proc.waitForOutput(/cardgate hq: listening on (\S+)/, 120_000);
      return { proc, url: url! };
    }

    /** Pending and unacknowledged messages of the shared consumer: 0 and 0 once HQ has it all. */
    async function consumerIdle(): Promise<boolean> {
      const jsm = await nc.jetstreamManager({ timeout: 10_000 });
      const info = await jsm.consumers.info(MQTT_STREAM, 'cardgate-hq');
      return info.num_pending === 0 && info.num_ack_pending === 0;
    }

    const leaderless: string[] = [];
    /** The stream has a leader (only a led stream captures what stations publish) and the consumer is idle. */
    async function ingestReady(): Promise<boolean> {
      const jsm = await nc.jetstreamManager({ timeout: 10_000 });
      const info = await jsm.streams.info(MQTT_STREAM).catch((e: Error) => e.message);
      if (typeof info === 'string' || !info.cluster?.leader) {
        leaderless.push(`${new Date().toISOString()} ${typeof info === 'string' ? info : 'no leader'}`);
        return false;
      }
      return consumerIdle();
    }

    /** What the stream, the consumer, the routes and r2 say: printed when the counts differ. */
    async function diagnosis(r2: { proc: RunningProcess; url: string }): Promise<string> {
      const jsm = await nc.jetstreamManager({ timeout: 10_000 });
      const stream = await jsm.streams.info(MQTT_STREAM).catch((e: Error) => e.message);
      const consumer = await jsm.consumers.info(MQTT_STREAM, 'cardgate-hq').catch((e: Error) => e.message);
      const metrics = await fetch(new URL('/metrics', r2.url))
        .then((r) => r.text())
        .catch((e: Error) => e.message);
      const logs = mkdtempSync(join(tmpdir(), 'cardgate-fleet-faults-logs-'));
      for (const n of nats.nodes) writeFileSync(join(logs, `${n.name}.log`), n.output());
      for (const [name, p] of Object.entries(replicas)) writeFileSync(join(logs, `${name}.log`), p.output());
      return [
        `full logs: ${logs}`,
        `stream: ${JSON.stringify(typeof stream === 'string' ? stream : { state: stream.state, cluster: stream.cluster })}`,
        `consumer: ${JSON.stringify(typeof consumer === 'string' ? consumer : { delivered: consumer.delivered, ack_floor: consumer.ack_floor, redelivered: consumer.num_redelivered, cluster: consumer.cluster })}`,
        `r2 metrics: ${metrics
          .split('\n')
          .filter((l) => /fleet_(messages|rejected)_total/.test(l))
          .join('; ')}`,
        `--- r2 ---\n${r2.proc
          .output()
          .split('\n')
          .map((l) => l.slice(0, 300))
          .join('\n')
          .slice(-4000)}`,
        ...nats.nodes.map(
          (n) =>
            `--- ${n.name} (the telemetry stream and consumer) ---\n${n
              .output()
              .split('\n')
              .filter((l) => /\$MQTT_msgs|cardgate-hq|leader/.test(l))
              .join('\n')
              .slice(-3000)}`,
        ),
      ].join('\n');
    }

    it('keeps the counts exact: nothing counted twice or lost', async () => {
      const dbUrl = await pgc.createDatabase();
      const r1 = await replica('r1', dbUrl);
      const r2 = await replica('r2', dbUrl);
      // HQ's durable consumer on NATS's MQTT stream exists before HQ prints that it is listening
      // (Fastify's onReady); its interest is what keeps the stations' messages. The stations start
      // once the cluster itself reports the consumer, as a deployment starts HQ first.
      await waitFor(() => ingestReady().catch(() => false), {
        timeoutMs: 120_000,
        intervalMs: 500,
        what: "NATS's MQTT stream with a leader, and HQ's durable consumer on it",
      });
      if (leaderless.length)
        console.info(
          `fleet faults: stream not ready: ${leaderless.slice(0, 3).join('; ')} … ${leaderless.length} polls`,
        );

      const sim = new Simulator({
        stations: STATIONS,
        broker: nats.mqttUrls,
        dataDir: makeTempDir('cardgate-sim-'),
        clock: systemClock,
        rate: 0,
        healthIntervalSeconds: 5,
        mqtt: { reconnectMinMs: 100, reconnectMaxMs: 1000 },
      });
      await sim.start();
      try {
        await waitFor(() => sim.connected() === STATIONS, { timeoutMs: 60_000, what: 'stations connected' });
        let issued = 0;
        const issue = async (n: number) => {
          for (let i = 0; i < n; i++, issued++) {
            const s = sim.stations[issued % STATIONS]!;
            s.issue(issued % 17 === 0 ? 'voided' : issued % 29 === 0 ? 'failed' : 'done');
            if (issued % 53 === 0) s.fault(!s.faulty);
            if (i % 20 === 0) await new Promise((r) => setImmediate(r));
          }
        };

        await issue(CARDS / 4);
        await r1.proc.stop('SIGKILL');
        await issue(CARDS / 4);
        const node = nats.nodes[1]!;
        await node.stop('SIGKILL');
        await issue(CARDS / 4);
        await pgc.restart('fast');
        await issue(CARDS / 8);
        // Junk on station topics through the broker, while r2 is the only replica.
        const junk = await mqtt.connectAsync(nats.nodes[0]!.mqttUrl, {
          protocolVersion: 4,
          clientId: 'junk',
        });
        const t = 'cardgate/site-001/sim-0001/events';
        await junk.publishAsync(t, 'not json', { qos: 1 });
        await junk.publishAsync(t, JSON.stringify({ v: 1, seq: 1, bootId: 'x', ts: 'yesterday' }), {
          qos: 1,
        });
        await junk.publishAsync(t, Buffer.alloc(300 * 1024, 123), { qos: 1 });
        await junk.publishAsync('cardgate/BadSite/x/events', '{}', { qos: 1 });
        await junk.endAsync();
        await issue(CARDS / 8);
        expect(await sim.drained(120_000)).toBe(true);
        await node.start();

        await waitFor(() => consumerIdle().catch(() => false), {
          timeoutMs: 180_000,
          intervalMs: 1000,
          what: 'the shared consumer drained (r1 unacknowledged messages redelivered to r2)',
        }).catch((e: Error) => {
          throw new Error(`${e.message}\n--- r2 ---\n${r2.proc.output().slice(-3000)}`);
        });
        const client = new pg.Client({ connectionString: dbUrl });
        await client.connect();
        // Health goes with QoS 0 (latest wins), which NATS never stores: HQ takes it from a core
        // queue subscription. Every station's devices arrive with its next health (every 5 s).
        await waitFor(
          async () =>
            (await client.query<{ n: number }>('SELECT count(DISTINCT station)::int AS n FROM fleet_devices'))
              .rows[0]!.n === STATIONS,
          { timeoutMs: 60_000, intervalMs: 500, what: "every station's device health at HQ" },
        );
        const rows = (
          await client.query<{
            site: string;
            station: string;
            day: string;
            issued: number;
            voided: number;
            failed: number;
          }>(
            `SELECT site, station, to_char(day, 'YYYY-MM-DD') AS day, issued, voided, failed FROM fleet_daily_counts`,
          )
        ).rows;
        const gaps = await client.query(`SELECT * FROM fleet_event_streams WHERE max_seq <> received`);
        await client.end();
        const atHq: Record<string, Record<string, { issued: number; voided: number; failed: number }>> = {};
        for (const r of rows)
          (atHq[`${r.site}/${r.station}`] ??= {})[r.day] = {
            issued: r.issued,
            voided: r.voided,
            failed: r.failed,
          };
        if (!isDeepStrictEqual(atHq, sim.ownCounts()))
          console.error(`fleet faults: counts differ\n${await diagnosis(r2)}`);
        expect(atHq).toEqual(sim.ownCounts());
        expect(gaps.rows).toEqual([]);
        const total = Object.values(sim.totals()).reduce((n, c) => n + c.issued + c.voided + c.failed, 0);
        expect(total).toBe(CARDS);

        const metricsOf = async () => (await fetch(new URL('/metrics', r2.url))).text();
        let metrics = await metricsOf();
        const refused = (reason: string) =>
          Number(
            new RegExp(`cardgate_hq_fleet_rejected_total\\{replica="r2",reason="${reason}"\\} (\\d+)`).exec(
              metrics,
            )?.[1],
          );
        const dup = /cardgate_hq_fleet_messages_total\{replica="r2",result="duplicate"\} (\d+)/.exec(
          metrics,
        )?.[1];
        console.info(
          `fleet faults: ${total} cards from ${STATIONS} stations, exact at HQ; r2 saw ${dup} duplicates`,
        );
        // Each junk message refused, none stored. A delivery NATS repeats (its acknowledgement lost in
        // a fault) is refused again and counted again: the metric counts refusals, not messages.
        const reasons = ['json', 'schema', 'size', 'topic'];
        await waitFor(
          async () => {
            metrics = await metricsOf();
            return reasons.every((reason) => refused(reason) >= 1);
          },
          { timeoutMs: 60_000, intervalMs: 500, what: 'every junk message refused by r2' },
        ).catch((e: Error) => {
          throw new Error(
            `${e.message}\n${reasons.map((x) => `${x}=${refused(x)}`).join(' ')}\n--- r2 ---\n${r2.proc.output().slice(-3000)}`,
          );
        });
        expect(metrics).toMatch(/cardgate_station_online\{site="site-001",station="sim-0001"\} 1/);
        // r2 lived through all of it.
        expect(r2.proc.child.exitCode).toBeNull();
      } finally {
        await sim.stop();
      }
    }, 600_000);
  },
);
