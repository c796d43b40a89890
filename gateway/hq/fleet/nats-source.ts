import { AckPolicy, DeliverPolicy, connect, type ConsumerMessages, type NatsConnection } from 'nats';
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
  const loop = (async () => {
    while (!closed) {
      try {
        messages = await consumer.consume({ max_messages: 256 });
        for await (const m of messages) {
          // While the database is down, handle() waits and retries: keep the message ours.
          const working = setInterval(() => m.working(), 5000);
          try {
            const done = await o.handle(subjectToTopic(m.subject), m.data);
            if (done) m.ack();
            else m.nak();
          } finally {
            clearInterval(working);
          }
          if (closed) break;
        }
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
