import {
  AckPolicy,
  DeliverPolicy,
  connect,
  type ConsumerMessages,
  type JsMsg,
  type NatsConnection,
} from 'nats';
import type { Logger } from 'pino';

export interface NatsSourceOptions {
  /** nats://host:port of every node (the client fails over between them). */
  servers: string[];
  prefix: string;
  /** JetStream stream capturing `<prefix>.>` (made when absent, replicated on up to 3 nodes). */
  stream?: string;
  /** Durable consumer every replica shares: each message goes to one replica at a time. */
  durable?: string;
  replicas?: number;
  /** How long a replica may hold a message before NATS gives it to another (default 30 s). */
  ackWaitMs?: number;
  logger: Pick<Logger, 'info' | 'warn'>;
  handle(topic: string, payload: Uint8Array): Promise<boolean>;
  /** Messages worked at once (default 128; below the consumer's max_ack_pending). */
  inFlight?: number;
  user?: string;
  pass?: string;
}

export interface NatsSource {
  close(): Promise<void>;
}

/** NATS subject → MQTT topic: NATS's MQTT bridge maps `/` to `.` (dots are refused in topics). */
export const subjectToTopic = (subject: string): string => subject.replaceAll('.', '/');

/**
 * HQ's ingest from a NATS cluster. Stations keep speaking MQTT to NATS's listener; a JetStream
 * stream stores everything under `<prefix>.>`, and all HQ replicas pull from ONE durable
 * consumer, so each message is worked by one replica, acknowledged only after its commit, and
 * handed to another replica when the one holding it dies (ack wait). With the database's
 * idempotency on (station, bootId, seq) that makes the counts exact through replica and node loss.
 */
export async function startNatsSource(o: NatsSourceOptions): Promise<NatsSource> {
  const stream = o.stream ?? 'CARDGATE_TELEMETRY';
  const durable = o.durable ?? 'cardgate-hq';
  const nc: NatsConnection = await connect({
    servers: o.servers,
    name: 'cardgate-hq',
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    ...(o.user ? { user: o.user, pass: o.pass } : {}),
  });
  const jsm = await nc.jetstreamManager({ timeout: 10_000 });
  const subjects = [`${o.prefix}.>`];
  await jsm.streams.info(stream).catch(async () => {
    await jsm.streams.add({
      name: stream,
      subjects,
      num_replicas: o.replicas ?? 3,
      max_age: 7 * 24 * 3600 * 1e9,
    });
    o.logger.info({ stream, subjects }, 'created the telemetry stream');
  });
  await jsm.consumers.info(stream, durable).catch(() =>
    jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: (o.ackWaitMs ?? 30_000) * 1e6,
      max_ack_pending: 10_000,
    }),
  );
  const consumer = await nc.jetstream().consumers.get(stream, durable);
  let closed = false;
  let messages: ConsumerMessages | undefined;
  const inFlight = o.inFlight ?? 128;
  const one = async (m: JsMsg) => {
    // While the database is down, handle() waits and retries: keep the message ours.
    const keep = setInterval(() => m.working(), 5000);
    try {
      if (await o.handle(subjectToTopic(m.subject), m.data)) m.ack();
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
  return {
    async close() {
      closed = true;
      messages?.stop();
      await nc.drain().catch(() => undefined);
      await loop.catch(() => undefined);
    },
  };
}
