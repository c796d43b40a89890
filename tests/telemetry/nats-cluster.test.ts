import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, AckPolicy, type NatsConnection } from 'nats';
import type { IClientOptions, MqttClient } from 'mqtt';
import { describeWithSystem } from '../helpers/system.js';
import { startNatsCluster, type NatsCluster } from '../helpers/nats-cluster.js';
import { waitFor } from '../helpers/processes.js';
import { defaultConnect } from '../../gateway/telemetry/connection.js';
import { MQTT_STREAM, MQTT_STREAM_SUBJECT_PREFIX } from '../../gateway/hq/fleet/nats-source.js';
import { stationConfig, telemetryDeps } from './fixtures.js';

interface Captured {
  subject: string;
  payload: Record<string, unknown>;
}

/**
 * The station's real telemetry (link, outbox, publisher, last will) against a three-node NATS
 * cluster through NATS's MQTT listener, which speaks 3.1.1 only: the station must fall back from
 * MQTT 5, and carry on through another node when its own dies. Everything the station publishes
 * with QoS 1 is read back from NATS's own replicated MQTT stream through NATS's own client, as HQ
 * reads it.
 */
describeWithSystem(['nats-server'], 'station telemetry over a NATS cluster (MQTT listener)', () => {
  let cluster: NatsCluster;
  let nc: NatsConnection;

  // What HQ reads (gateway/hq/fleet/nats-source.ts): NATS's own MQTT stream, where the listener
  // stores each QoS 1 PUBLISH on the stream's replicas before the station gets its PUBACK. A
  // durable consumer per station keeps its messages there (the stream's retention is by interest).
  const STATIONS = ['nats-1', 'nats-2'];
  const seen = new Map<string, Captured[]>();

  beforeAll(async () => {
    cluster = await startNatsCluster();
    nc = await connect({ servers: cluster.natsUrls });
    const jsm = await nc.jetstreamManager();
    for (const station of STATIONS) {
      await jsm.consumers.add(MQTT_STREAM, {
        durable_name: `test-${station}`,
        filter_subject: `${MQTT_STREAM_SUBJECT_PREFIX}cardgate.dev-site.${station}.>`,
        ack_policy: AckPolicy.Explicit,
      });
      seen.set(station, []);
    }
    // The stream's leader judges interest by its own node's consumers: every copy made first.
    await waitFor(
      async () => {
        for (const station of STATIONS) {
          const info = await jsm.consumers.info(MQTT_STREAM, `test-${station}`);
          if ((info.cluster?.replicas ?? []).filter((r) => r.current).length < 2) return false;
        }
        return true;
      },
      { timeoutMs: 120_000, intervalMs: 250, what: 'the consumers on every node' },
    );
  }, 300_000);

  afterAll(async () => {
    await nc?.close();
    await cluster?.close();
  });

  /** Everything of one station so far, in stream order (new messages read and acknowledged). */
  async function captured(station: string): Promise<Captured[]> {
    // After a node dies the consumer may be electing a new leader: asked again until it answers.
    const consumer = await waitFor(() => nc.jetstream().consumers.get(MQTT_STREAM, `test-${station}`), {
      timeoutMs: 60_000,
      intervalMs: 500,
      what: 'the consumer',
    });
    const out = seen.get(station)!;
    for (;;) {
      const batch = await consumer.fetch({ max_messages: 500, expires: 1000 });
      let n = 0;
      for await (const m of batch) {
        n++;
        out.push({ subject: m.subject, payload: m.json<Record<string, unknown>>() });
        m.ack();
      }
      if (n === 0) break;
    }
    return out;
  }

  it('falls back to MQTT 3.1.1, and when its node is killed carries on through another with nothing lost', async () => {
    const clients: MqttClient[] = [];
    const connectRecording = (url: string, o: IClientOptions) => {
      const c = defaultConnect(url, o);
      clients.push(c);
      return c;
    };
    const { telemetry, issuance } = telemetryDeps({
      station: stationConfig({ site: 'dev-site', id: 'nats-1' }),
      mqtt: { url: cluster.mqttUrls, protocolVersion: 'auto' },
      connect: connectRecording,
    });
    await telemetry.start();
    try {
      await waitFor(() => telemetry.status().connected, { timeoutMs: 30_000, what: 'station connected' });
      expect(telemetry.status().protocolVersion).toBe(4);
      const first = telemetry.status().broker;
      for (let i = 1; i <= 20; i++) issuance.issue('new', `a-${i}`);
      expect(await telemetry.drained(30_000)).toBe(true);

      const node = cluster.nodes.find((n) => n.mqttUrl === first)!;
      await node.stop('SIGKILL');
      // Issued while the station has no broker: the outbox holds them.
      for (let i = 1; i <= 20; i++) issuance.issue('new', `b-${i}`);
      await waitFor(() => telemetry.status().connected && telemetry.status().broker !== first, {
        timeoutMs: 60_000,
        what: 'station reconnected to another node',
      });
      expect(await telemetry.drained(60_000)).toBe(true);

      const events = (await captured('nats-1')).filter((m) => m.subject.endsWith('.events'));
      const bootId = events[0]!.payload.bootId;
      const bySeq = new Map<number, string>();
      for (const e of events) {
        expect(e.payload.bootId).toBe(bootId);
        // A re-sent message (its PUBACK lost with the node) carries the same seq and content.
        const jobId = (e.payload.detail as { jobId: string }).jobId;
        const seen = bySeq.get(e.payload.seq as number);
        if (seen !== undefined) expect(seen).toBe(jobId);
        bySeq.set(e.payload.seq as number, jobId);
      }
      const expected = [...Array(20).keys()].flatMap((i) => [`a-${i + 1}`]);
      expected.push(...[...Array(20).keys()].map((i) => `b-${i + 1}`));
      expect([...bySeq.keys()].sort((a, b) => a - b)).toEqual(expected.map((_, i) => i + 1));
      expect([...bySeq.entries()].sort((a, b) => a[0] - b[0]).map(([, j]) => j)).toEqual(expected);
    } finally {
      await telemetry.stop();
      await cluster.nodes.find((n) => !n.running())?.start();
    }
  }, 240_000);

  it("publishes the station's last will through NATS when its connection drops without a goodbye", async () => {
    const clients: MqttClient[] = [];
    // While held, reconnects go to a closed port: a station taking its session over at once (same
    // client id, another node) can beat the broker to noticing the dead socket, and NATS then
    // sends no will. HQ's silence check covers that case; this test shows the will itself.
    let held = false;
    const closedPort = 'mqtt://127.0.0.1:1';
    const { telemetry } = telemetryDeps({
      station: stationConfig({ site: 'dev-site', id: 'nats-2' }),
      mqtt: { url: cluster.mqttUrls, protocolVersion: 'auto' },
      connect: (url, o) => {
        const c = defaultConnect(held ? closedPort : url, o);
        clients.push(c);
        return c;
      },
    });
    await telemetry.start();
    try {
      await waitFor(() => telemetry.status().connected, { timeoutMs: 30_000, what: 'station connected' });
      const bootId = telemetry.status().bootId;
      const live = clients.at(-1)!;
      // The socket torn down under the client: the broker sees no DISCONNECT and sends the will.
      held = true;
      live.stream.destroy();
      await waitFor(
        async () => {
          const statuses = (await captured('nats-2')).filter((m) => m.subject.endsWith('.status'));
          return statuses.some((s) => s.payload.state === 'offline' && s.payload.reason === 'will');
        },
        { timeoutMs: 60_000, intervalMs: 500, what: 'the last will in the stream' },
      );
      held = false;
      const statuses = await waitFor(
        async () => {
          const s = (await captured('nats-2')).filter((m) => m.subject.endsWith('.status'));
          return s.length >= 3 ? s : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 500, what: 'the station back online' },
      );
      expect(statuses.map((s) => [s.payload.state, s.payload.reason ?? null, s.payload.bootId])).toEqual([
        ['online', null, bootId],
        ['offline', 'will', bootId],
        ['online', null, bootId],
      ]);
    } finally {
      await telemetry.stop();
    }
  }, 180_000);
});
