import { join } from 'node:path';
import type { Logger } from 'pino';
import { CardgateError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import type { Clock } from '../core/clock.js';
import { JournalStore, type Change } from '../storage/journal-store.js';
import { jobPartition, type JobRecord } from './job.js';
import type { JobStatus } from './job-status.js';
import { assertTransition, TERMINAL } from './state-machine.js';
import { countersOf, initialState, rollToday, type StationState } from './ledger.js';

const STATE_PARTITION = 'station';
const STATE_ID = 'state';
const JOB_ID = /^\d{8}-[0-9a-f]{10}$/;

/**
 * Job records and the station's books in one journal: loading, status transitions (checked against
 * the state machine) and atomic commits of jobs + books + stock entries, with one writer at a time.
 * Committed changes are announced on the bus (job status, counters).
 */
export class JobBook {
  readonly #store: JournalStore;
  readonly #bus: EventBus;
  readonly #clock: Clock;
  #state: StationState;
  /** Jobs not at rest (and needs-operator): kept in memory, the worker's queue. */
  readonly active = new Map<string, JobRecord>();
  #chain: Promise<unknown> = Promise.resolve();

  private constructor(store: JournalStore, bus: EventBus, clock: Clock, state: StationState) {
    this.#store = store;
    this.#bus = bus;
    this.#clock = clock;
    this.#state = state;
  }

  static async open(opts: {
    dataDir: string;
    bus: EventBus;
    clock: Clock;
    logger: Logger;
    checkpointEvery?: number;
  }): Promise<JobBook> {
    const store = await JournalStore.open(join(opts.dataDir, 'issuance'), {
      checkpointEvery: opts.checkpointEvery ?? 256,
      now: () => opts.clock.now(),
    });
    if (store.droppedBytes > 0)
      opts.logger.warn({ bytes: store.droppedBytes }, 'dropped a torn journal line left by a crash');
    const state =
      (await store.get<StationState>(STATE_PARTITION, STATE_ID)) ?? initialState(opts.clock.now());
    const book = new JobBook(store, opts.bus, opts.clock, state);
    for (const id of state.active) {
      const job = await store.get<JobRecord>(jobPartition(id), id);
      if (job) book.active.set(id, job);
    }
    return book;
  }

  /** The books as last committed, with today's counters rolled to today. */
  get state(): StationState {
    return rollToday(this.#state, this.#clock.now());
  }

  nowIso(): string {
    return new Date(this.#clock.now()).toISOString();
  }

  /** One writer at a time for read-modify-commit; device work happens outside. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(fn);
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async load(id: string): Promise<JobRecord> {
    if (!JOB_ID.test(id)) throw new CardgateError('JOB_NOT_FOUND', `no job ${id}`, { status: 404 });
    const j = this.active.get(id) ?? (await this.#store.get<JobRecord>(jobPartition(id), id));
    if (!j) throw new CardgateError('JOB_NOT_FOUND', `no job ${id}`, { status: 404 });
    return structuredClone(j);
  }

  /** The job moved to `to` (checked against the table), with the change in its history. */
  transition(j: JobRecord, to: JobStatus, patch: Partial<JobRecord> = {}, note?: string): JobRecord {
    assertTransition(j.status, to);
    const at = this.nowIso();
    return {
      ...j,
      ...patch,
      status: to,
      updatedAt: at,
      history:
        j.status === to && !note ? j.history : [...j.history, { status: to, at, ...(note ? { note } : {}) }],
    };
  }

  /** A patch that changes no status (where the blank is, what became of the card). */
  patched(j: JobRecord, patch: Partial<JobRecord>): JobRecord {
    return { ...j, ...patch, updatedAt: this.nowIso() };
  }

  /** Commits job changes and the books in one journal entry, then updates memory and the bus. */
  async commit(
    jobs: JobRecord[],
    s: StationState = this.state,
    extra: Change[] = [],
    /** Runs in the same tick as memory takes the change: nothing else sees the new state first. */
    onApplied?: () => void,
  ): Promise<void> {
    const nextActive = new Set(s.active);
    for (const j of jobs) {
      if (TERMINAL.has(j.status)) nextActive.delete(j.id);
      else nextActive.add(j.id);
    }
    const s2: StationState = { ...s, active: [...nextActive] };
    await this.#store.commit([
      ...jobs.map((j) => ({ partition: jobPartition(j.id), id: j.id, value: j })),
      { partition: STATE_PARTITION, id: STATE_ID, value: s2 },
      ...extra,
    ]);
    const now = this.#clock.now();
    const countersChanged =
      JSON.stringify(countersOf(this.#state, now)) !== JSON.stringify(countersOf(s2, now));
    const prevStatus = new Map(jobs.map((j) => [j.id, this.active.get(j.id)?.status]));
    this.#state = s2;
    for (const j of jobs) {
      if (TERMINAL.has(j.status)) this.active.delete(j.id);
      else this.active.set(j.id, j);
    }
    onApplied?.();
    for (const j of jobs) if (prevStatus.get(j.id) !== j.status || j.status === 'encoding') this.#emitJob(j);
    if (countersChanged) this.emitCounters();
  }

  /** Loads, transitions and commits one job under the writer lock. */
  update(id: string, to: JobStatus, patch: Partial<JobRecord> = {}, note?: string): Promise<JobRecord> {
    return this.exclusive(async () => {
      const j = this.transition(await this.load(id), to, patch, note);
      await this.commit([j]);
      return j;
    });
  }

  /** Changes fields other than the status under the writer lock. */
  patch(id: string, patch: Partial<JobRecord>): Promise<JobRecord> {
    return this.exclusive(async () => {
      const j = this.patched(await this.load(id), patch);
      await this.commit([j]);
      return j;
    });
  }

  /** Changes only the books (locks, number blocks, stock loads, retention cursor). */
  commitState(
    fn: (s: StationState) => { s: StationState; extra?: Change[] } | null,
    onApplied?: () => void,
  ): Promise<boolean> {
    return this.exclusive(async () => {
      const r = fn(this.state);
      if (!r) return false;
      await this.commit([], r.s, r.extra ?? [], onApplied);
      return true;
    });
  }

  /** A job, if it exists (committed), without the 404. */
  async find(id: string): Promise<JobRecord | null> {
    return this.active.get(id) ?? (await this.#store.get<JobRecord>(jobPartition(id), id)) ?? null;
  }

  partitions(prefix: string): Promise<string[]> {
    return this.#store.partitions(prefix);
  }

  list<T>(partition: string): Promise<T[]> {
    return this.#store.list<T>(partition);
  }

  emitCounters(): void {
    this.#bus.emit('issuance:counters', { counters: countersOf(this.#state, this.#clock.now()) });
  }

  #emitJob(j: JobRecord): void {
    this.#bus.emit('issuance:job', {
      jobId: j.id,
      kind: j.kind,
      status: j.status,
      documentNumber: j.documentNumber,
      error: j.error && {
        code: j.error.code,
        message: j.error.message,
        needsOperator: j.error.needsOperator,
      },
    });
  }

  async close(): Promise<void> {
    await this.#chain;
    await this.#store.close();
  }
}
