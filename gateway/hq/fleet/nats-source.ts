import {
  AckPolicy,
  DeliverPolicy,
  RetentionPolicy,
  StorageType,
  connect,
  type ConsumerMessages,
  type JetStreamManager,
  type JsMsg,
  type Msg,
  type NatsConnection,
  type Subscription,
} from 'nats';
import type { Logger } from 'pino';

export interface NatsSourceOptions {
  /** nats://host:port of every node (the client fails over between them). */
  servers: string[];
  prefix: string;
  /** Durable consumer (and core queue group) every replica shares: each message goes to one replica. */
  durable?: string;
  /** Replicas of NATS's MQTT message stream when HQ has to make it (NATS makes it with up to 3). */
  replicas?: number;
  /** How long a replica may hold a message before NATS gives it to another (default 30 s). */
  ackWaitMs?: number;
  logger: Pick<Logger, 'info' | 'warn'>;
  handle(topic: string, payload: Uint8Array): Promise<boolean>;
  /** How long start waits for the consumer to be on every node (default 120 s; then it warns). */
  replicationWaitMs?: number;
  /** Messages worked at once (default 128; below the consumer's max_ack_pending). */
  inFlight?: number;
  user?: string;
  pass?: string;
}

export interface NatsSource {
  close(): Promise<void>;
}

/**
 * NATS's MQTT listener stores every QoS 1 PUBLISH in this stream (subject `$MQTT.msgs.<subject>`)
 * and sends the PUBACK only once the store is committed on the stream's replicas. Its retention is
 * by interest: a message stays until every consumer whose filter matches it has acknowledged it.
 */
export const MQTT_STREAM = '$MQTT_msgs';
export const MQTT_STREAM_SUBJECT_PREFIX = '$MQTT.msgs.';
/** NATS marks what its MQTT listener publishes with the PUBLISH's QoS ("0" or "1"). */
const MQTT_QOS_HEADER = 'Nmqtt-Pub';

/** NATS subject → MQTT topic: NATS's MQTT bridge maps `/` to `.` (dots are refused in topics). */
export const subjectToTopic = (subject: string): string =>
  (subject.startsWith(MQTT_STREAM_SUBJECT_PREFIX)
    ? subject.slice(MQTT_STREAM_SUBJECT_PREFIX.length)
    : subject
  ).replaceAll('.', '/');

/**
 * NATS makes its MQTT stream when the first MQTT client of the account connects. HQ makes it
 * first, with the same name, subjects and retention, when no station has connected yet: a durable
 * consumer can only be made on an existing stream, and without one, what the first stations send
 * before HQ's consumer exists would have no interest and be dropped. NATS accepts the existing
 * stream when its own MQTT listener starts.
 */
async function ensureMqttStream(jsm: JetStreamManager, o: NatsSourceOptions): Promise<void> {
  await jsm.streams.info(MQTT_STREAM).catch(async () => {
    await jsm.streams.add({
      name: MQTT_STREAM,
      subjects: [`${MQTT_STREAM_SUBJECT_PREFIX}>`],
      retention: RetentionPolicy.Interest,
      storage: StorageType.File,
      num_replicas: o.replicas ?? 3,
    });
    o.logger.info(
      { stream: MQTT_STREAM },
      "made NATS's MQTT message stream (no MQTT client had connected yet)",
    );
  });
}

/**
 * Waits until the durable consumer exists on every node holding the stream. The stream's leader
 * decides interest from the consumers IT knows: a message stored while the consumer's copy on the
 * leader's node is not made yet (assignments are applied per node; slow on a loaded cluster) has
 * no interest and is dropped at once, and consumer info from the consumer's own leader does not
 * show that. One loaded run of the fleet fault test lost every event while the consumer's leader
 * reported it idle; this is the likeliest cause found, and this wait rules it out.
 */
async function waitUntilReplicated(
  jsm: JetStreamManager,
  durable: string,
  o: NatsSourceOptions,
): Promise<void> {
  const deadline = Date.now() + (o.replicationWaitMs ?? 120_000);
  for (let logged = false; ;) {
    const stream = await jsm.streams.info(MQTT_STREAM).catch(() => undefined);
    const info = await jsm.consumers.info(MQTT_STREAM, durable).catch(() => undefined);
    const followers = (stream?.config.num_replicas ?? 1) - 1;
    const current = info?.cluster?.replicas?.filter((r) => r.current).length ?? 0;
    if (info && (followers === 0 || (info.cluster?.leader && current >= followers))) return;
    if (Date.now() > deadline) {
      o.logger.warn(
        { code: 'FLEET_NATS_CONSUMER_NOT_REPLICATED', durable, current, followers },
        "HQ's consumer is not on every NATS node yet; stations' messages may be dropped until it is",
      );
      return;
    }
    if (!logged) o.logger.info({ durable }, "waiting for HQ's consumer on every NATS node");
    logged = true;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * HQ's ingest from a NATS cluster whose MQTT listener the stations publish to.
 *
 * What a station sends with QoS 1 (status, birth, events, counters, its last will) is taken from
 * NATS's own MQTT stream through ONE durable consumer shared by every replica (filtered to
 * `<prefix>.>`). NATS stores such a message on the stream's replicas before it acknowledges the
 * PUBLISH to the station, so a message the station saw acknowledged survives a NATS node dying;
 * the consumer's interest keeps it until a replica has committed it and acknowledged it, and
 * hands it to another replica when the one holding it dies (ack wait). With the database's
 * idempotency on (station, bootId, seq) that makes the counts exact through replica and node loss.
 *
 * A stream of HQ's own capturing `<prefix>.>` would not: NATS copies a core publish into such a
 * stream without waiting for it, so messages the stream's leader had not yet replicated when its
 * node died were lost, though the station had its PUBACK (seen in the fleet fault test).
 *
 * What a station sends with QoS 0 (health, latest wins) is never stored by NATS: HQ takes it from
 * a core queue subscription, one replica per message, at most once, as the station asked.
 */
export async function startNatsSource(o: NatsSourceOptions): Promise<NatsSource> {
  const durable = o.durable ?? 'cardgate-hq';
  const nc: NatsConnection = await connect({
    servers: o.servers,
    name: 'cardgate-hq',
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    ...(o.user ? { user: o.user, pass: o.pass } : {}),
  });
  const jsm = await nc.jetstreamManager({ timeout: 10_000 });
  await ensureMqttStream(jsm, o);
  await jsm.consumers.info(MQTT_STREAM, durable).catch(() =>
    jsm.consumers.add(MQTT_STREAM, {
      durable_name: durable,
      filter_subject: `${MQTT_STREAM_SUBJECT_PREFIX}${o.prefix}.>`,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: (o.ackWaitMs ?? 30_000) * 1e6,
      max_ack_pending: 10_000,
    }),
  );
  await waitUntilReplicated(jsm, durable, o);
  const consumer = await nc.jetstream().consumers.get(MQTT_STREAM, durable);
  let closed = false;
  let messages: ConsumerMessages | undefined;
  const inFlight = o.inFlight ?? 128;
  // HQ's own commands to stations match the consumer's filter too: not telemetry, not refused.
  const command = new RegExp(`^${o.prefix.replaceAll('.', '\\.')}/[^/]+/[^/]+/cmd/`);
  const one = async (m: JsMsg) => {
    const topic = subjectToTopic(m.subject);
    if (command.test(topic)) return m.ack();
    // While the database is down, handle() waits and retries: keep the message ours.
    const keep = setInterval(() => m.working(), 5000);
    try {
      if (await o.handle(topic, m.data)) m.ack();
      else m.nak();
    } finally {
      clearInterval(keep);
    }
  };
  const loop = (async () => {
    while (!closed) {
      try {
        messages = await consumer.consume({ max_messages: 256 });
        // Up to `inFlight` messages are worked at once, so the ingest can commit them together;
        // each is acknowledged on its own after its commit.
        const working = new Set<Promise<void>>();
        for await (const m of messages) {
          const p: Promise<void> = one(m).finally(() => working.delete(p));
          working.add(p);
          if (working.size >= inFlight) await Promise.race(working);
          if (closed) break;
        }
        await Promise.all(working);
      } catch (err) {
        if (closed) break;
        o.logger.warn({ err }, 'nats consumer interrupted; resuming');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  })();
  const qos0: Subscription = nc.subscribe(`${o.prefix}.>`, {
    queue: durable,
    callback: (err: Error | null, m: Msg) => {
      // QoS 1 messages reach this subscription too; they are taken from the stream above.
      if (err || m.headers?.get(MQTT_QOS_HEADER) !== '0') return;
      const topic = subjectToTopic(m.subject);
      if (command.test(topic)) return;
      o.handle(topic, m.data).catch((e: unknown) =>
        o.logger.warn({ err: e, subject: m.subject.slice(0, 200) }, 'QoS 0 telemetry message not applied'),
      );
    },
  });
  return {
    async close() {
      closed = true;
      qos0.unsubscribe();
      messages?.stop();
      await nc.drain().catch(() => undefined);
      await loop.catch(() => undefined);
    },
  };
}
