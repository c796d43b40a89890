import type { ProtectionDetails } from '../protection/protection-details.js';
import { createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import { isCardgateError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import type { PersonRecord } from '../document/person.js';
import type { EnrolmentFile } from '../enrolment/enrolment-file.js';
import { hqEndpoint, postJson, type HqResponse } from '../enrolment/hq-client.js';
import type { JobRecord } from '../issuance/job.js';
import type { KeyStore } from '../keys/key-store.js';
import { Outbox } from '../telemetry/outbox.js';
import { mergeArtefacts, type CardArtefacts, type CardArtefactTap } from './card-artefacts.js';
import { HandoffState } from './handoff-state.js';
import { sealRecord } from './jose/seal-record.js';
import { HandoffPump, type RecordEntry } from './pump.js';
import { buildRecord, finalStateOf, type RecordContext } from './record-builder.js';
import { recordIdOf } from './contract/record.js';

/** The issuance service as the hand-off uses it (reading a finished job, purging it). */
export interface HandoffIssuance {
  handoffView(id: string): Promise<{
    job: JobRecord;
    person: PersonRecord | null;
    photoJpeg: Buffer | null;
    /** The vulnerability details the operator recorded (issue 20), or null. */
    protection?: ProtectionDetails | null;
    /** The card's artefacts stored with the job (they survive a restart; the tap does not). */
    artefacts?: CardArtefacts | null;
  }>;
  purgePersonalData(id: string): Promise<boolean>;
  allJobs(): Promise<JobRecord[]>;
}

export interface HandoffSettings {
  graceDays: number;
  retryMinMs: number;
  retryMaxMs: number;
  purgeIntervalMs: number;
  tlsCa?: string;
}

export interface HandoffDeps {
  dataDir: string;
  enrolment: EnrolmentFile;
  store: KeyStore;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  settings: HandoffSettings;
  artefacts: CardArtefactTap;
  /** Context of a record not in the job: devices, stock, audit head, issuing state. */
  context(job: JobRecord): Omit<RecordContext, 'siteId' | 'stationId' | 'now'>;
  /** The transport (default: POST to the enrolled HQ over HTTPS). */
  post?: (jwe: string) => Promise<HqResponse>;
}

export interface HandoffStatus {
  enrolled: boolean;
  hq: string;
  pending: number;
  oldestPendingAgeSeconds: number | null;
  lastAckAt: string | null;
  lastError: { code: string; message: string; at: string } | null;
  awaitingPurge: number;
}

/**
 * The station's hand-off of issuance records to HQ: on every final state of a job (from the bus)
 * the record is built, signed with the station identity key, encrypted to HQ's record key and
 * stored in a durable outbox (so what waits on disk is ciphertext only HQ can read), then sent
 * in order. After HQ's acknowledgement and the grace period the job's personal data is purged;
 * until then retention keeps it (`holds`).
 */
export class Handoff {
  #chain: Promise<unknown> = Promise.resolve();
  #off: (() => void) | undefined;
  #purgeTimer: NodeJS.Timeout | undefined;
  /** Records whose build failed (a token unplugged, a full disk): tried again with backoff. */
  readonly #rebuild = new Map<string, { attempt: number; timer?: NodeJS.Timeout }>();
  #stopped = false;
  #issuance: HandoffIssuance | undefined;
  readonly pump: HandoffPump;

  private constructor(
    private readonly d: HandoffDeps,
    readonly outbox: Outbox,
    readonly state: HandoffState,
  ) {
    const post =
      d.post ??
      ((jwe: string) =>
        postJson(
          hqEndpoint(d.enrolment.hqUrl, 'records'),
          { jwe },
          d.settings.tlsCa ? { tlsCa: d.settings.tlsCa } : {},
        ));
    this.pump = new HandoffPump({
      outbox,
      post,
      clock: d.clock,
      log: d.log,
      retryMinMs: d.settings.retryMinMs,
      retryMaxMs: d.settings.retryMaxMs,
      acknowledged: async (entry, result) => {
        await state.ack(entry.recordId, entry.jobId, new Date(d.clock.now()).toISOString());
        d.log.info({ recordId: entry.recordId, result }, 'record acknowledged by HQ');
      },
      failed: (code, message) => state.error(code, message, new Date(d.clock.now()).toISOString()),
    });
    outbox.onDurable = () => this.pump.kick();
  }

  static async open(d: HandoffDeps): Promise<Handoff> {
    const dir = join(d.dataDir, 'handoff');
    const state = await HandoffState.open(dir);
    const outbox = await Outbox.open({
      dir: join(dir, 'outbox'),
      maxMessages: Number.MAX_SAFE_INTEGER,
      onError: (e) => d.log.error({ err: e }, 'hand-off outbox write failed'),
    });
    return new Handoff(d, outbox, state);
  }

  /** Retention's question: must this job's personal data stay (a record of it not acknowledged)? */
  holds = (job: JobRecord): boolean => {
    const state = finalStateOf(job);
    if (!state) return false;
    const id = recordIdOf(this.d.enrolment.station, job.id, state);
    return !this.state.acked.some((a) => a.recordId === id) || this.state.pendingJobs().has(job.id);
  };

  /** Starts on the issuance service: catches up on final states missed while stopped, then follows the bus. */
  async start(issuance: HandoffIssuance): Promise<void> {
    this.#issuance = issuance;
    this.#off = this.d.bus.on('issuance:job', (e) => {
      if (finalStateOf(e)) this.#enqueue(e.jobId);
    });
    const inOutbox = new Set(this.#pendingEntries().map((e) => e.recordId));
    for (const job of await issuance.allJobs()) {
      const state = finalStateOf(job);
      if (!state || !job.personalData) continue;
      const id = recordIdOf(this.d.enrolment.station, job.id, state);
      if (this.state.has(id)) continue;
      if (inOutbox.has(id)) await this.state.enqueued(id, job.id);
      else this.#enqueue(job.id);
    }
    this.pump.kick();
    if (this.d.settings.purgeIntervalMs > 0) {
      this.#purgeTimer = setInterval(
        () =>
          void this.purgeDue().catch((e: unknown) => this.d.log.error({ err: e }, 'hand-off purge failed')),
        this.d.settings.purgeIntervalMs,
      );
      this.#purgeTimer.unref();
    }
  }

  /** Builds and stores the record of a job's current final state (serialised: one at a time, in order). */
  #enqueue(jobId: string): Promise<void> {
    const run = this.#chain.then(() => this.#build(jobId));
    this.#chain = run.then(
      () => this.#rebuild.delete(jobId),
      (e: unknown) => this.#buildFailed(jobId, e),
    );
    return run;
  }

  /**
   * A record that could not be built or stored is not dropped: it is tried again with jittered
   * backoff (the pump's bounds) until it is in the outbox, and the hand-off status shows why it
   * waits. Its job's personal data stays meanwhile (holds() keeps every final job whose record
   * HQ has not acknowledged).
   */
  async #buildFailed(jobId: string, e: unknown): Promise<void> {
    const attempt = (this.#rebuild.get(jobId)?.attempt ?? 0) + 1;
    const { retryMinMs, retryMaxMs } = this.d.settings;
    const delay =
      Math.min(retryMaxMs, retryMinMs * 2 ** Math.min(attempt - 1, 20)) * (0.5 + Math.random() / 2);
    this.d.log.error({ err: e, jobId, attempt, retryInMs: Math.round(delay) }, 'issuance record not built');
    const code = isCardgateError(e) ? e.code : 'HANDOFF_RECORD_NOT_BUILT';
    await this.state
      .error(code, `the record of job ${jobId} was not built`, new Date(this.d.clock.now()).toISOString())
      .catch(() => undefined);
    if (this.#stopped) return;
    const timer = setTimeout(() => void this.#enqueue(jobId).catch(() => undefined), delay);
    timer.unref();
    this.#rebuild.set(jobId, { attempt, timer });
  }

  /** Waits until every record asked for so far is in the outbox. */
  settled(): Promise<void> {
    return this.#chain.then(() => undefined);
  }

  async #build(jobId: string): Promise<void> {
    const { job, person, photoJpeg, protection, artefacts } = await this.#issuance!.handoffView(jobId);
    const tapped = job.documentNumber ? this.d.artefacts.get(job.documentNumber) : undefined;
    const { enrolment: en } = this.d;
    const record = buildRecord(
      job,
      person,
      photoJpeg,
      artefacts ? mergeArtefacts(artefacts, tapped) : tapped,
      {
        ...this.d.context(job),
        siteId: en.site,
        stationId: en.station,
        now: new Date(this.d.clock.now()),
      },
      protection ?? null,
    );
    if (!record || this.state.has(record.recordId)) return;
    const jwe = await sealRecord(record, {
      store: this.d.store,
      signingLabel: en.identityLabel,
      certThumbprint: en.certThumbprint,
      recipient: createPublicKey({ key: en.recordKey, format: 'jwk' }),
      recipientKid: en.recordKey.kid,
    });
    const entry: RecordEntry = {
      recordId: record.recordId,
      jobId,
      jwe,
      queuedAt: record.timestamps.recordedAt,
    };
    await this.outbox.append({ topic: 'record', retain: false, payload: { ...entry }, deferred: false });
    await this.state.enqueued(record.recordId, jobId);
  }

  /** Purges the personal data of jobs whose records HQ acknowledged at least `graceDays` ago. */
  async purgeDue(): Promise<number> {
    const cutoff = this.d.clock.now() - this.d.settings.graceDays * 86_400_000;
    const pending = this.state.pendingJobs();
    const latest = new Map<string, number>();
    for (const a of this.state.acked)
      latest.set(a.jobId, Math.max(latest.get(a.jobId) ?? 0, Date.parse(a.ackedAt)));
    let purged = 0;
    for (const [jobId, at] of latest) {
      if (at > cutoff || pending.has(jobId)) continue;
      if (await this.#issuance!.purgePersonalData(jobId)) purged++;
      await this.state.purged(jobId);
    }
    if (purged) this.d.log.info({ purged }, 'personal data of acknowledged records purged');
    return purged;
  }

  /** Every record not yet acknowledged, oldest first (the one in flight included). */
  #pendingEntries(): RecordEntry[] {
    this.outbox.resetUnsent();
    const all = this.outbox.takeUnsent(Number.MAX_SAFE_INTEGER);
    this.outbox.resetUnsent();
    return all.map((e) => e.payload as unknown as RecordEntry);
  }

  status(): HandoffStatus {
    const pending = this.outbox.depth;
    const oldest = pending ? this.#oldestQueuedAt() : null;
    return {
      enrolled: true,
      hq: this.d.enrolment.hqUrl,
      pending,
      oldestPendingAgeSeconds:
        oldest === null ? null : Math.max(0, Math.round((this.d.clock.now() - oldest) / 1000)),
      lastAckAt: this.state.lastAckAt,
      lastError: this.state.lastError,
      awaitingPurge: new Set(this.state.acked.map((a) => a.jobId)).size,
    };
  }

  #oldestQueuedAt(): number | null {
    const [first] = this.#pendingEntries();
    return first ? Date.parse(first.queuedAt) : null;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#off?.();
    if (this.#purgeTimer) clearInterval(this.#purgeTimer);
    for (const r of this.#rebuild.values()) clearTimeout(r.timer);
    this.pump.stop();
    await this.#chain.catch(() => undefined);
    await this.outbox.close();
  }
}
