/**
 * The broker half of `npm run bench fleet`: N simulated stations (`cardgate hq simulate`'s code:
 * real telemetry, outbox, last will) → mosquitto, or a three-node NATS cluster through its MQTT
 * listener → R real `cardgate hq` processes → PostgreSQL.
 * Steady traffic for a while (health every 30 s, cards as issued), then: ingest lag p99 from the
 * replicas' /metrics, HQ's counts against the stations' own, the overview API over every
 * station, and a burst of pre-made event messages to measure what the replicas take per second.
 */
import { connectAsync } from 'mqtt';
import { systemClock } from '../../gateway/core/clock.js';
import { openDatabase } from '../../gateway/hq/db/database.js';
import { dailyCounts } from '../../gateway/hq/fleet/fleet-queries.js';
import { Simulator } from '../../gateway/hq/simulate/simulator.js';
import { startMosquitto } from '../../tests/helpers/mosquitto.js';
import { startNatsCluster } from '../../tests/helpers/nats-cluster.js';
import type { PostgresCluster } from '../../tests/helpers/postgres.js';
import { runCli, startCli, waitFor, type RunningProcess } from '../../tests/helpers/processes.js';
import { makeTempDir } from '../../tests/helpers/temp-dir.js';
import { median } from './row.js';
import { stationMessages } from './fleet-db.js';

export interface BrokerRun {
  replicas: number;
  startSeconds: number;
  lagP99Ms: number;
  messages: number;
  countsExact: boolean;
  countsNote: string;
  overviewMs: number;
  burstRate: number;
}

const metric = (text: string, name: string, match = '') =>
  text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) && l.includes(match))
    .map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)));

/** The broker under test: what stations and the burst publish to, what HQ reads from. */
interface Broker {
  stations: string;
  hq: string;
  /** MQTT URLs the burst's publishers spread over, and their protocol. */
  publish: string[];
  protocolVersion: 4 | 5;
  close(): Promise<void>;
}

async function startBroker(kind: 'mosquitto' | 'nats'): Promise<Broker> {
  if (kind === 'mosquitto') {
    const m = await startMosquitto();
    return { stations: m.url, hq: m.url, publish: [m.url], protocolVersion: 5, close: () => m.close() };
  }
  const n = await startNatsCluster();
  return {
    stations: n.mqttUrls,
    hq: n.natsUrls.join(','),
    publish: n.nodes.map((x) => x.mqttUrl),
    protocolVersion: 4,
    close: () => n.close(),
  };
}

export async function brokerRun(
  pg: PostgresCluster,
  o: {
    broker?: 'mosquitto' | 'nats';
    replicas: number;
    stations: number;
    steadyMs: number;
    /** Steady traffic before the measured part (see below). */
    warmUpMs: number;
    burst: number;
    /**
     * SIGKILL the last replica halfway through the steady traffic and start it again 10 s later
     * under the same name (as a supervisor would: on mosquitto its persistent sessions hold what
     * was queued for it), while the others carry on.
     */
    killOne?: boolean;
  },
): Promise<BrokerRun> {
  const broker = await startBroker(o.broker ?? 'mosquitto');
  const dbUrl = await pg.createDatabase();
  const dir = makeTempDir('cardgate-bench-hq-');
  const procs: RunningProcess[] = [];
  const sim = new Simulator({
    stations: o.stations,
    broker: broker.stations,
    dataDir: makeTempDir('cardgate-bench-sim-'),
    clock: systemClock,
    rate: 12,
    faultRate: 0.2,
    healthIntervalSeconds: 30,
  });
  const db = await openDatabase(dbUrl, dir);
  try {
    const urls: string[] = [];
    // Fixed replica names: a restarted replica takes its MQTT sessions (and what they hold) back.
    const replica = async (r: number) => {
      const p = startCli(
        ['hq', '--db', dbUrl, '--data-dir', dir, '--http', '--port', '0', '--broker', broker.hq].concat([
          '--replica',
          `r${r}`,
        ]),
        { env: { CARDGATE_LOG_LEVEL: 'warn' } },
      );
      procs[r - 1] = p;
      const [, url] = await p.waitForOutput(/cardgate hq: listening on (\S+)/, 180_000);
      urls[r - 1] = url!;
    };
    for (let r = 1; r <= o.replicas; r++) await replica(r);
    const pw = 'bench supervisor password 1';
    const added = await runCli(
      ['hq', 'user', 'add', '--db', dbUrl, '--data-dir', dir, '-n', 'bench', '-r', 'supervisor', '-p', pw],
      {},
    );
    if (added.code !== 0) throw new Error(`hq user add: ${added.stderr}`);

    const t0 = performance.now();
    await sim.start();
    await waitFor(() => sim.connected() === o.stations, { timeoutMs: 600_000, what: 'stations connected' });
    const startSeconds = (performance.now() - t0) / 1000;

    // Steady traffic in real time: cards at 12 per station per hour, health every 30 s.
    // A warm-up first: connecting, every station sends its status and first health at once, and
    // that storm must be out of each replica's lag window (its last 10,000 messages) before the
    // measured steady traffic; with two replicas each sees half the messages, so the window spans
    // twice the time.
    let last = Date.now();
    const end = last + o.warmUpMs + o.steadyMs;
    const killAt = o.killOne ? last + o.warmUpMs + o.steadyMs / 2 : Infinity;
    let killed: { at: number; back?: Promise<void> } | undefined;
    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, 100));
      const now = Date.now();
      sim.tick(now - last);
      last = now;
      if (!killed && now >= killAt) {
        killed = { at: now };
        await procs[o.replicas - 1]!.stop('SIGKILL');
      }
      if (killed && !killed.back && now >= killed.at + 10_000) killed.back = replica(o.replicas);
    }
    await killed?.back;
    const drained = await sim.drained(300_000);
    const own = sim.totals();
    const days = Object.keys(own).sort();
    const want = Object.values(own).reduce((n, c) => n + c.issued + c.voided + c.failed, 0);
    const atHq = async () =>
      days.length === 0
        ? 0
        : (await dailyCounts(db, { from: days[0]!, to: days.at(-1)! })).reduce(
            (n, r) => n + r.issued + r.voided + r.failed,
            0,
          );
    await waitFor(async () => (await atHq()) >= want, { timeoutMs: 300_000, what: 'counts at HQ' }).catch(
      () => undefined,
    );
    const got = await atHq();
    const texts = await Promise.all(urls.map((u) => fetch(`${u}/metrics`).then((r) => r.text())));
    const lagP99Ms =
      Math.max(
        ...texts.flatMap((t) => metric(t, 'cardgate_hq_fleet_ingest_lag_seconds', 'quantile="0.99"')),
      ) * 1000;
    const messages = texts
      .flatMap((t) => metric(t, 'cardgate_hq_fleet_messages_total'))
      .reduce((a, b) => a + b, 0);

    // The overview API as the page asks it, but for every station at once.
    const login = await fetch(`${urls[0]}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench', password: pw }),
    });
    const cookie = (login.headers.getSetCookie().find((c) => c.startsWith('cardgate_session=')) ?? '').split(
      ';',
    )[0]!;
    const pages: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      const r = await fetch(`${urls[0]}/api/v1/fleet/stations?limit=10000`, { headers: { cookie } });
      const body = (await r.json()) as { total: number };
      pages.push(performance.now() - s);
      if (body.total < o.stations)
        throw new Error(`overview: ${r.status} ${JSON.stringify(body).slice(0, 200)}`);
    }

    // Capacity: a burst of event messages published as fast as the broker takes them, over 20
    // connections (NATS's MQTT listener stores one QoS 1 PUBLISH per connection at a time).
    const burst = stationMessages(0, o.burst / 5, Date.now(), 'burst');
    const pubs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        connectAsync(broker.publish[i % broker.publish.length]!, {
          protocolVersion: broker.protocolVersion,
          clientId: `bench-burst-${i}`,
        }),
      ),
    );
    const taken = async () => {
      const now = await Promise.all(urls.map((u) => fetch(`${u}/metrics`).then((r) => r.text())));
      return now.flatMap((t) => metric(t, 'cardgate_hq_fleet_messages_total')).reduce((a, b) => a + b, 0);
    };
    const before = await taken();
    const b0 = performance.now();
    await Promise.all(burst.map((m, i) => pubs[i % pubs.length]!.publishAsync(m.topic, m.raw, { qos: 1 })));
    await waitFor(async () => (await taken()) - before >= burst.length, {
      timeoutMs: 600_000,
      intervalMs: 200,
      what: 'burst stored',
    });
    const burstRate = burst.length / ((performance.now() - b0) / 1000);
    await Promise.all(pubs.map((p) => p.endAsync()));
    return {
      replicas: o.replicas,
      startSeconds,
      lagP99Ms,
      messages,
      countsExact: drained && got === want,
      countsNote: `${got} of ${want} cards at HQ${drained ? '' : ', outboxes not drained'}`,
      overviewMs: median(pages),
      burstRate,
    };
  } finally {
    await sim.stop().catch(() => undefined);
    for (const p of procs) await p.stop('SIGTERM');
    await db.close();
    await broker.close();
  }
}
