import { EventEmitter } from 'node:events';
import { Value } from 'typebox/value';
import type { Clock } from '../../core/clock.js';
import { MAX_STATUS_CHANGES, parseTopic, ReplyPayload } from '../../telemetry/contract/index.js';
import type { Database } from '../db/database.js';
import { signStoreCommand, type StoreCommandSigner } from './command-signer.js';
import { acknowledge, changesAfter, latestSeq, stationAcks, type StationRef } from './status-feed.js';

/** The broker as the publisher needs it (QoS 1 both ways); mqttStatusLink adapts an mqtt.js client. */
export interface StatusLink {
  publish(topic: string, payload: string): Promise<void>;
  subscribe(filter: string, onMessage: (topic: string, payload: Buffer) => void): Promise<void>;
}

export interface StatusPublisherOptions {
  db: Database;
  link: StatusLink;
  /** The telemetry topic prefix (`cardgate`). */
  prefix: string;
  signer: StoreCommandSigner;
  clock: Clock;
  logger: { info(o: object, m?: string): void; warn(o: object, m?: string): void };
  /** How long a sent batch waits for its reply before it is sent again (default 30 s). */
  resendMs?: number;
  /** Command lifetime (default 1 h): a batch delayed longer is refused and sent again. */
  ttlSeconds?: number;
  /**
   * How often the newest change number is read (default 1 s), so a change any replica committed
   * goes out without the writer telling this one. One indexed max() per second.
   */
  watchMs?: number;
}

interface InFlight {
  requestId: string;
  upTo: number;
  sentAt: number;
}

const COMMAND = 'document-status';
const keyOf = (r: StationRef): string => `${r.site}/${r.station}`;

/**
 * Tells every active station about document status changes: each gets, as one signed
 * `cmd/document-status`, the changes after the one it last acknowledged (at most 100 a batch,
 * oldest first); its reply moves the acknowledgement, and the next batch follows. A station that
 * reconnects (its `birth`) is caught up at once; a batch without a reply is sent again after
 * `resendMs`. Stations apply batches idempotently, so a duplicate (two HQ replicas, a lost
 * reply) changes nothing. Emits `acked` (station, seq) when a station confirms.
 */
export class StatusPublisher extends EventEmitter<{ acked: [StationRef, number] }> {
  readonly #o: StatusPublisherOptions;
  readonly #inFlight = new Map<string, InFlight>();
  #timer: NodeJS.Timeout | undefined;
  #watch: NodeJS.Timeout | undefined;
  #seen = 0;
  #chain: Promise<unknown> = Promise.resolve();
  #stopped = false;

  constructor(o: StatusPublisherOptions) {
    super();
    this.#o = o;
  }

  get #resendMs(): number {
    return this.#o.resendMs ?? 30_000;
  }

  async start(): Promise<void> {
    const { link, prefix } = this.#o;
    await link.subscribe(`${prefix}/+/+/reply/${COMMAND}`, (t, p) => this.#queue(() => this.#onReply(t, p)));
    await link.subscribe(`${prefix}/+/+/birth`, (t) => {
      const parsed = parseTopic(prefix, t);
      if (parsed) this.#queue(() => this.#catchUp({ site: parsed.site, station: parsed.station }, true));
    });
    this.#timer = setInterval(() => this.notify(), this.#resendMs);
    this.#timer.unref();
    this.#watch = setInterval(() => void this.#queue(() => this.#checkNew()), this.#o.watchMs ?? 1000);
    this.#watch.unref();
    this.notify();
  }

  /** A status changed (or time passed): send every station what it lacks. */
  notify(): Promise<unknown> {
    return this.#queue(() => this.#syncAll());
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    clearInterval(this.#watch);
    await this.#chain;
  }

  /** What each active station acknowledged, and the latest change (for pages and metrics). */
  async overview(): Promise<{ latest: number; stations: (StationRef & { acked: number })[] }> {
    return { latest: await latestSeq(this.#o.db), stations: await stationAcks(this.#o.db) };
  }

  #queue(fn: () => Promise<unknown>): Promise<unknown> {
    const next = this.#chain.then(() => (this.#stopped ? undefined : fn()));
    this.#chain = next.catch((e: unknown) => {
      // Logged, and retried by the next tick (watch or resend): nothing is lost, acks stay where they were.
      this.#o.logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'status publishing failed');
    });
    return this.#chain;
  }

  async #checkNew(): Promise<void> {
    if ((await latestSeq(this.#o.db)) > this.#seen) await this.#syncAll();
  }

  async #syncAll(): Promise<void> {
    const latest = await latestSeq(this.#o.db);
    this.#seen = latest;
    for (const s of await stationAcks(this.#o.db)) if (s.acked < latest) await this.#send(s, s.acked, false);
  }

  async #catchUp(ref: StationRef, force: boolean): Promise<void> {
    const row = (await stationAcks(this.#o.db)).find((s) => keyOf(s) === keyOf(ref));
    if (row) await this.#send(row, row.acked, force);
  }

  async #send(ref: StationRef, acked: number, force: boolean): Promise<void> {
    const now = this.#o.clock.now();
    const pending = this.#inFlight.get(keyOf(ref));
    if (!force && pending && pending.upTo > acked && now - pending.sentAt < this.#resendMs) return;
    const changes = await changesAfter(this.#o.db, acked, MAX_STATUS_CHANGES);
    if (changes.length === 0) return;
    const { token, requestId } = await signStoreCommand(this.#o.signer, {
      ...ref,
      command: COMMAND,
      args: { changes },
      ttlSeconds: this.#o.ttlSeconds ?? 3600,
      now,
    });
    const upTo = changes[changes.length - 1]!.seq;
    this.#inFlight.set(keyOf(ref), { requestId, upTo, sentAt: now });
    await this.#o.link.publish(`${this.#o.prefix}/${ref.site}/${ref.station}/cmd/${COMMAND}`, token);
    this.#o.logger.info(
      { ...ref, from: acked + 1, upTo, count: changes.length },
      'document status changes sent',
    );
  }

  async #onReply(topic: string, payload: Buffer): Promise<void> {
    const parsed = parseTopic(this.#o.prefix, topic);
    if (!parsed) return;
    const ref = { site: parsed.site, station: parsed.station };
    let reply: unknown;
    try {
      reply = JSON.parse(payload.toString('utf8'));
    } catch {
      reply = null;
    }
    const pending = this.#inFlight.get(keyOf(ref));
    if (!Value.Check(ReplyPayload, reply) || !pending || reply.requestId !== pending.requestId) return;
    if (!reply.ok) {
      this.#o.logger.warn({ ...ref, code: reply.error?.code }, 'a station refused document status changes');
      return;
    }
    const held = reply.result?.highestSeq;
    if (typeof held !== 'number' || !Number.isInteger(held)) return;
    // The station holds the batch (and, applying in order, all before it): never more than sent.
    const seq = Math.min(held, pending.upTo);
    this.#inFlight.delete(keyOf(ref));
    await acknowledge(this.#o.db, ref, seq, new Date(this.#o.clock.now()));
    this.emit('acked', ref, seq);
    await this.#catchUp(ref, false);
  }
}
