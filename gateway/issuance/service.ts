import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readdir } from 'node:fs/promises';
import { Value } from 'typebox/value';
import { PrinterFault, type PrintProgress } from '../../drivers/printer/interface.js';
import { EncoderError, type EncoderProgress } from '../../drivers/encoder/interface.js';
import { CardgateError } from '../core/errors.js';
import type { StationCounters } from '../core/events.js';
import { PersonRecord } from '../document/person.js';
import { JournalStore, type Change } from '../storage/journal-store.js';
import { loadKeyring } from '../crypto/keyring.js';
import { PersonalStore } from '../crypto/personal-store.js';
import { assertTransition, IN_DEVICE, TERMINAL, type JobStatus } from './state-machine.js';
import { jobPartition, type JobError, type JobKind, type JobRecord } from './job.js';
import {
  addBlock,
  allocate,
  allocatedNumbers,
  remaining,
  type NumberBlockInput,
  type NumberBlockState,
} from './numbers.js';
import {
  applyStock,
  emptyStock,
  identityHolds,
  reconcile,
  type Reconciliation,
  type StockEvent,
  type StockEventType,
  type StockTotals,
} from './stock.js';
import type { IssuanceDeps, ProducedCard } from './deps.js';
import type { ChipSigner } from '../../drivers/encoder/interface.js';

export type LockSource = 'datacenter' | 'admin' | 'door';

interface StationState {
  numbers: { blocks: NumberBlockState[]; lowWarned: boolean };
  stock: StockTotals;
  counters: {
    issued: number;
    spoiled: number;
    voided: number;
    byKind: Record<string, number>;
    today: { date: string; issued: number; spoiled: number; voided: number };
  };
  locks: Partial<Record<LockSource, string>>;
  /** Jobs not at rest or waiting for a person (queued, encoding, printing, needs-operator, draft). */
  active: string[];
  nextQueueSeq: number;
  stockSeq: number;
  /** Days whose jobs were all purged of personal data already. */
  retentionCursor: string | null;
}

export interface CreateJobInput {
  kind: JobKind;
  previousJobId?: string | null | undefined;
  person: PersonRecord;
  photoJpeg: Uint8Array;
}

export interface JobView extends JobRecord {
  person?: PersonRecord;
}

export interface StockView extends StockTotals {
  identityHolds: boolean;
}

export interface IssuanceService {
  create(input: CreateJobInput, actor: string): Promise<JobRecord>;
  get(id: string, opts?: { withPerson?: boolean }): Promise<JobView>;
  list(q: {
    date?: string;
    status?: JobStatus;
    page?: number;
    pageSize?: number;
    withPerson?: boolean;
  }): Promise<{
    items: JobView[];
    total: number;
    page: number;
    pageSize: number;
  }>;
  cancel(id: string, actor: string): Promise<JobRecord>;
  void(id: string, reason: string, actor: string): Promise<JobRecord>;
  /** After a person fixed the printer (needs-operator), or to retry a retryable failure. */
  resume(id: string, actor: string): Promise<JobRecord>;
  lock(by: LockSource, reason: string, actor?: string): Promise<void>;
  unlock(by: LockSource, actor?: string): Promise<void>;
  station(): {
    locked: boolean;
    lockReason: string | null;
    numbersRemaining: number;
    counters: StationCounters;
  };
  assignNumberBlock(block: NumberBlockInput, actor?: string): Promise<{ added: boolean; remaining: number }>;
  numberBlocks(): NumberBlockState[];
  counters(): StationCounters;
  stock(): StockView;
  loadStock(count: number, actor: string): Promise<StockView>;
  reconciliation(date: string): Promise<Reconciliation>;
  /** Resolves jobs a crash left inside the devices, then starts working the queue. */
  recover(): Promise<{ resolved: string[] }>;
  purgeExpired(): Promise<number>;
  rotateDataKey(newKey?: Buffer): Promise<{ keyId: string; resealed: number }>;
  /** Every job ever created (accounting checks, tests): walks every day. */
  allJobs(): Promise<JobRecord[]>;
  /** Resolves when no job is being worked and none can be picked up. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const STATE_PARTITION = 'station';
const STATE_ID = 'state';
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function jpegOk(b: Uint8Array): boolean {
  return b.length > 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

export async function createIssuanceService<S extends ChipSigner>(
  deps: IssuanceDeps<S>,
): Promise<IssuanceService> {
  const { config, dataDir, bus, clock, printer, encoder, produceCard, signer, audit, logger } = deps;
  const cfg = config.issuance;
  const opt = deps.options ?? {};
  const log = logger.child({ area: 'issuance' });
  const store = await JournalStore.open(join(dataDir, 'issuance'), {
    checkpointEvery: opt.checkpointEvery ?? 256,
    now: () => clock.now(),
  });
  if (store.droppedBytes > 0)
    log.warn({ bytes: store.droppedBytes }, 'dropped a torn journal line left by a crash');
  const ring = await loadKeyring({
    dataDir,
    keyFile: config.security?.dataKeyFile,
    env: opt.env ?? process.env,
  });
  const personal = new PersonalStore(join(dataDir, 'personal'), ring);
  const nowIso = (): string => new Date(clock.now()).toISOString();

  let state: StationState = (await store.get<StationState>(STATE_PARTITION, STATE_ID)) ?? {
    numbers: { blocks: [], lowWarned: false },
    stock: emptyStock(),
    counters: {
      issued: 0,
      spoiled: 0,
      voided: 0,
      byKind: {},
      today: { date: isoDay(clock.now()), issued: 0, spoiled: 0, voided: 0 },
    },
    locks: {},
    active: [],
    nextQueueSeq: 1,
    stockSeq: 0,
    retentionCursor: null,
  };
  const active = new Map<string, JobRecord>();
  for (const id of state.active) {
    const job = await store.get<JobRecord>(jobPartition(id), id);
    if (job) active.set(id, job);
  }

  // One writer at a time for read-modify-commit; device work happens outside.
  let chain: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn);
    chain = run.catch(() => undefined);
    return run;
  };

  const stateChange = (s: StationState): Change => ({ partition: STATE_PARTITION, id: STATE_ID, value: s });
  const jobChange = (j: JobRecord): Change => ({ partition: jobPartition(j.id), id: j.id, value: j });

  function rollToday(s: StationState): StationState {
    const today = isoDay(clock.now());
    if (s.counters.today.date === today) return s;
    return { ...s, counters: { ...s.counters, today: { date: today, issued: 0, spoiled: 0, voided: 0 } } };
  }

  function stockEvent(
    s: StationState,
    type: StockEventType,
    count: number,
    actor: string,
    extra: { reason?: string; jobId?: string; documentNumber?: string | null } = {},
  ): { s: StationState; change: Change } {
    const before = s.stock;
    const after = applyStock(before, type, count);
    const seq = s.stockSeq + 1;
    const event: StockEvent = {
      id: `s${String(seq).padStart(9, '0')}`,
      at: nowIso(),
      type,
      count,
      reason: extra.reason ?? null,
      jobId: extra.jobId ?? null,
      documentNumber: extra.documentNumber ?? null,
      actor,
      before,
      after,
    };
    return {
      s: { ...s, stock: after, stockSeq: seq },
      change: { partition: `stock/${isoDay(clock.now())}`, id: event.id, value: event },
    };
  }

  function countersOf(s: StationState): StationCounters {
    const today =
      s.counters.today.date === isoDay(clock.now())
        ? s.counters.today
        : { date: isoDay(clock.now()), issued: 0, spoiled: 0, voided: 0 };
    return {
      totals: {
        issued: s.counters.issued,
        spoiled: s.counters.spoiled,
        voided: s.counters.voided,
        byKind: { ...s.counters.byKind },
      },
      today: { ...today },
      stock: {
        loaded: s.stock.loaded,
        inFeeder: s.stock.inFeeder,
        good: s.stock.good,
        spoiled: s.stock.spoiled,
      },
      numbers: { remaining: remaining(s.numbers.blocks) },
    };
  }

  function emitJob(j: JobRecord): void {
    bus.emit('issuance:job', {
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
  const emitCounters = (): void => bus.emit('issuance:counters', { counters: countersOf(state) });
  const stationEvent = (
    level: 'info' | 'warning' | 'fault',
    code: string,
    message: string,
    actor?: string,
  ): void =>
    bus.emit('station:event', { level, code, message, source: 'issuance', ...(actor ? { actor } : {}) });

  async function loadJob(id: string): Promise<JobRecord> {
    if (!/^\d{8}-[0-9a-f]{10}$/.test(id))
      throw new CardgateError('JOB_NOT_FOUND', `no job ${id}`, { status: 404 });
    const j = active.get(id) ?? (await store.get<JobRecord>(jobPartition(id), id));
    if (!j) throw new CardgateError('JOB_NOT_FOUND', `no job ${id}`, { status: 404 });
    return structuredClone(j);
  }

  function withStatus(j: JobRecord, to: JobStatus, patch: Partial<JobRecord> = {}, note?: string): JobRecord {
    assertTransition(j.status, to);
    const at = nowIso();
    return {
      ...j,
      ...patch,
      status: to,
      updatedAt: at,
      history:
        j.status === to && !note ? j.history : [...j.history, { status: to, at, ...(note ? { note } : {}) }],
    };
  }

  /** Commits job changes and station state in one journal entry, then updates memory and the bus. */
  async function commit(jobs: JobRecord[], s: StationState, extra: Change[] = []): Promise<void> {
    const nextActive = new Set(s.active);
    for (const j of jobs) {
      if (TERMINAL.has(j.status)) nextActive.delete(j.id);
      else nextActive.add(j.id);
    }
    const s2: StationState = { ...s, active: [...nextActive] };
    await store.commit([...jobs.map(jobChange), stateChange(s2), ...extra]);
    const countersChanged = JSON.stringify(countersOf(state)) !== JSON.stringify(countersOf(s2));
    const prevStatus = new Map(jobs.map((j) => [j.id, active.get(j.id)?.status]));
    state = s2;
    for (const j of jobs) {
      if (TERMINAL.has(j.status)) active.delete(j.id);
      else active.set(j.id, j);
    }
    for (const j of jobs) if (prevStatus.get(j.id) !== j.status || j.status === 'encoding') emitJob(j);
    if (countersChanged) emitCounters();
  }

  // Blocks from the configuration join the known ones at every start (idempotent, overlap-checked).
  await exclusive(async () => {
    let s = rollToday(state);
    let changed = false;
    for (const b of cfg.numberBlocks) {
      try {
        const r = addBlock(s.numbers.blocks, b, 'config', nowIso());
        if (r.added) {
          s = { ...s, numbers: { ...s.numbers, blocks: r.blocks } };
          changed = true;
        }
      } catch (e) {
        log.error(
          { code: (e as CardgateError).code, prefix: b.prefix, first: b.first, last: b.last },
          'configured number block refused',
        );
      }
    }
    if (changed) await commit([], s);
  });

  function checkLowNumbers(s: StationState): StationState {
    const left = remaining(s.numbers.blocks);
    if (left < cfg.lowNumbersWarning && !s.numbers.lowWarned) {
      stationEvent('warning', 'NUMBERS_LOW', `${left} document numbers left in the leased blocks`);
      return { ...s, numbers: { ...s.numbers, lowWarned: true } };
    }
    if (left >= cfg.lowNumbersWarning && s.numbers.lowWarned)
      return { ...s, numbers: { ...s.numbers, lowWarned: false } };
    return s;
  }

  // ---- the worker: one job at a time, in queue order ----
  let recovered = false;
  let closed = false;
  let working: Promise<void> | null = null;
  let retentionTimer: NodeJS.Timeout | null = null;
  const idleWaiters: Array<() => void> = [];
  const cardWaitMs = opt.cardWaitMs ?? 15_000;

  const locked = (): boolean => Object.keys(state.locks).length > 0;
  const paused = (): boolean => [...active.values()].some((j) => j.status === 'needs-operator');

  function nextJob(): JobRecord | undefined {
    if (!recovered || closed || locked() || paused()) return undefined;
    let best: JobRecord | undefined;
    for (const j of active.values())
      if (j.status === 'queued' && (!best || j.queueSeq < best.queueSeq)) best = j;
    return best;
  }

  function kick(): void {
    if (working) return;
    working = (async () => {
      for (let job = nextJob(); job; job = nextJob()) {
        try {
          await work(job.id);
        } catch (e) {
          log.error(
            { jobId: job.id, code: (e as CardgateError).code, err: (e as Error).message },
            'job worker error',
          );
          // A storage failure must not spin: stop here, the next create/resume kicks again.
          break;
        }
      }
    })().finally(() => {
      working = null;
      if (nextJob()) kick();
      else for (const w of idleWaiters.splice(0)) w();
    });
  }

  async function update(
    id: string,
    to: JobStatus,
    patch: Partial<JobRecord> = {},
    note?: string,
  ): Promise<JobRecord> {
    return exclusive(async () => {
      const j = withStatus(await loadJob(id), to, patch, note);
      await commit([j], rollToday(state));
      return j;
    });
  }

  async function fail(id: string, error: JobError): Promise<void> {
    await exclusive(async () => {
      const cur = await loadJob(id);
      const j = withStatus(
        cur,
        'failed',
        { error, blank: 'none', numberFate: cur.documentNumber ? 'spoiled' : null },
        error.code,
      );
      await commit([j], rollToday(state));
    });
    log.warn({ jobId: id, code: error.code }, 'issuance job failed');
    await audit.append({
      actor: 'system',
      action: 'issuance.failed',
      target: id,
      outcome: 'failed',
      details: { code: error.code },
    });
  }

  async function needsOperator(
    id: string,
    code: string,
    message: string,
    blank?: JobRecord['blank'],
  ): Promise<void> {
    await update(
      id,
      'needs-operator',
      { error: { code, message, needsOperator: true, retryable: true }, ...(blank ? { blank } : {}) },
      code,
    );
    stationEvent('fault', code, message);
    log.warn({ jobId: id, code }, 'issuance job waits for the operator');
    await audit.append({
      actor: 'system',
      action: 'issuance.needs-operator',
      target: id,
      outcome: 'failed',
      details: { code },
    });
  }

  /** A blank left somewhere by a fault or a crash: ask the printer, reject it, count it spoiled. */
  async function resolveBlank(id: string, reason: string): Promise<'none' | 'spoiled'> {
    const j = await loadJob(id);
    if (j.blank === 'none') return 'none';
    const st = await printer.status();
    let spoil = false;
    if (st.cardInside) {
      bus.emit('issuance:progress', {
        jobId: id,
        step: 'rejecting',
        detail: { done: 0, total: 1, attempt: j.attempts },
      });
      await printer.reject();
      spoil = true;
    } else if (j.blank === 'inside') {
      // The card left the printer while nobody was watching: it may lie in the hopper unverified.
      spoil = true;
      reason = `${reason}-unverified`;
    }
    await exclusive(async () => {
      const cur = await loadJob(id);
      let s = rollToday(state);
      const extra: Change[] = [];
      if (spoil) {
        const ev = stockEvent(s, 'spoiled', 1, 'system', {
          reason,
          jobId: id,
          documentNumber: cur.documentNumber,
        });
        s = ev.s;
        s = {
          ...s,
          counters: {
            ...s.counters,
            spoiled: s.counters.spoiled + 1,
            today: { ...s.counters.today, spoiled: s.counters.today.spoiled + 1 },
          },
        };
        extra.push(ev.change);
      }
      await commit([{ ...cur, blank: 'none', updatedAt: nowIso() }], s, extra);
    });
    if (spoil) {
      stationEvent('warning', 'CARD_SPOILED', `blank spoiled (${reason})`);
      await audit.append({ actor: 'system', action: 'stock.spoiled', target: id, details: { reason } });
    }
    return spoil ? 'spoiled' : 'none';
  }

  function completePerson(j: JobRecord, p: PersonRecord): PersonRecord {
    return {
      ...p,
      documentCode: p.documentCode ?? cfg.documentCode,
      issuingState: p.issuingState ?? cfg.issuingState,
      documentNumber: j.documentNumber!,
      dateOfIssue: j.dateOfIssue!,
      dateOfExpiry: j.dateOfExpiry!,
    };
  }

  async function work(id: string): Promise<void> {
    let job = await loadJob(id);
    if (job.status !== 'queued') return;
    // 1. The document number, durably, before anything touches a card.
    const started = await exclusive(async () => {
      const cur = await loadJob(id);
      if (cur.status !== 'queued') return null;
      let s = rollToday(state);
      const patch: Partial<JobRecord> = { error: null, blank: 'none' };
      if (!cur.documentNumber) {
        const a = allocate(s.numbers.blocks);
        if (!a) return 'NO_NUMBERS' as const;
        s = checkLowNumbers({ ...s, numbers: { ...s.numbers, blocks: a.blocks } });
        const person = await personal.getJson<PersonRecord>(id);
        const issue = person?.dateOfIssue ?? isoDay(clock.now());
        patch.documentNumber = a.number;
        patch.numberFate = 'pending';
        patch.dateOfIssue = issue;
        patch.dateOfExpiry =
          person?.dateOfExpiry ?? isoDay(Date.parse(`${issue}T00:00:00Z`) + cfg.validityDays * 86_400_000);
      }
      const j = withStatus(cur, 'encoding', patch);
      await commit([j], s);
      return j;
    });
    if (started === null) return;
    if (started === 'NO_NUMBERS') {
      stationEvent(
        'fault',
        'NUMBERS_EXHAUSTED',
        'no document numbers left: the data centre must assign a block',
      );
      await fail(id, {
        code: 'NO_NUMBERS',
        message: 'no document numbers left',
        needsOperator: false,
        retryable: true,
      });
      return;
    }
    job = started;

    // 2. The card's content.
    const person = await personal.getJson<PersonRecord>(id);
    const photo = await personal.get(id, 'photo');
    if (!person || !photo) {
      await fail(id, {
        code: 'PERSONAL_DATA_MISSING',
        message: 'person record or photo is gone',
        needsOperator: false,
        retryable: false,
      });
      return;
    }
    let produced: ProducedCard;
    try {
      produced = await produceCard({ person: completePerson(job, person), photoJpeg: photo }, { signer });
    } catch (e) {
      const code = (e as CardgateError).code ?? 'RENDER_FAILED';
      await fail(id, {
        code: `RENDER_${String(code)}`.slice(0, 60),
        message: 'the card could not be rendered',
        needsOperator: false,
        retryable: false,
      });
      return;
    }

    const onPrint = (p: PrintProgress): void => {
      if (p.jobId !== id) return;
      bus.emit('issuance:progress', {
        jobId: id,
        step: p.step === 'feeding' ? 'feeding' : p.step === 'ejecting' ? 'ejecting' : 'printing',
        detail: {
          ...(p.side ? { side: p.side } : {}),
          ...(p.panel ? { panel: p.panel } : {}),
          done: p.bytesSent,
          total: p.bytesTotal,
        },
      });
    };
    const onEncode = (p: EncoderProgress): void => {
      if (p.jobId !== id) return;
      bus.emit('issuance:progress', {
        jobId: id,
        step: 'encoding',
        detail: { ...(p.file ? { file: p.file } : {}), done: p.bytesDone, total: p.bytesTotal },
      });
    };
    printer.on('progress', onPrint);
    encoder.on('progress', onEncode);
    try {
      await attempts(id, produced);
    } finally {
      printer.off('progress', onPrint);
      encoder.off('progress', onEncode);
    }
  }

  async function spoil(id: string, reason: string): Promise<void> {
    await resolveBlank(id, reason).catch(async (e: unknown) => {
      log.error({ jobId: id, err: (e as Error).message }, 'could not reject the card');
      throw e;
    });
  }

  async function attempts(id: string, produced: ProducedCard): Promise<void> {
    for (;;) {
      const cur = await loadJob(id);
      const used = cur.attempts - lastResumeAttempts(cur);
      if (used >= cfg.maxCardAttempts) {
        await fail(id, {
          code: 'ATTEMPTS_EXHAUSTED',
          message: `${cfg.maxCardAttempts} blanks spoiled for this card`,
          needsOperator: false,
          retryable: true,
        });
        return;
      }
      const attempt = cur.attempts + 1;
      await update(id, 'encoding', { attempts: attempt, blank: 'feeding' }, `attempt ${attempt}`);
      bus.emit('issuance:progress', { jobId: id, step: 'feeding', detail: { done: 0, total: 1, attempt } });
      try {
        await printer.moveToContactStation();
      } catch (e) {
        if (await printerFault(id, e, 'feed')) return;
        continue;
      }
      await exclusive(async () => {
        const j = await loadJob(id);
        await commit([{ ...j, blank: 'inside', updatedAt: nowIso() }], state);
      });
      try {
        await encoder.waitForCard(cardWaitMs);
        await encoder.personalize({
          jobId: id,
          dg1: produced.chip.dg1,
          dg2: produced.chip.dg2,
          documentData: produced.chip.documentData,
          signer,
          wipe: true,
        });
      } catch (e) {
        const code = e instanceof EncoderError ? e.code : 'CARD_ERROR';
        log.warn(
          { jobId: id, code, attempt, err: (e as Error).message },
          'encoding failed; rejecting the blank',
        );
        try {
          await spoil(id, `encode:${code}`);
        } catch (re) {
          if (await printerFault(id, re, 'reject')) return;
        }
        continue;
      }
      await update(id, 'printing');
      try {
        await printer.print({ jobId: id, image: produced.image, cardInside: true });
      } catch (e) {
        if (await printerFault(id, e, 'print')) return;
        continue;
      }
      await finish(id);
      return;
    }
  }

  function lastResumeAttempts(j: JobRecord): number {
    // Attempts made before the last resume do not count against the budget after it.
    let count = 0;
    let base = 0;
    for (const h of j.history) {
      if (h.note?.startsWith('attempt ')) count = Number(h.note.slice(8));
      if (h.note === 'resumed') base = count;
    }
    return base;
  }

  /** Handles a printer failure; true when the job stops here (waits for a person or failed). */
  async function printerFault(id: string, e: unknown, during: 'feed' | 'print' | 'reject'): Promise<boolean> {
    const fault =
      e instanceof PrinterFault
        ? e
        : new PrinterFault('PROTOCOL', (e as Error).message ?? String(e), {
            explanation: 'the printer failed unexpectedly',
            fix: 'check the printer and resume the job',
            needsOperator: true,
            spoilsCard: during !== 'feed',
          });
    log.warn({ jobId: id, code: fault.code, during }, 'printer fault');
    if (fault.spoilsCard || during === 'print') {
      try {
        await spoil(id, `print:${fault.code}`);
      } catch {
        await needsOperator(id, fault.code, `${fault.explanation}. ${fault.fix}`);
        return true;
      }
    }
    if (fault.needsOperator || during === 'reject') {
      await needsOperator(id, fault.code, `${fault.explanation}. ${fault.fix}`);
      return true;
    }
    return false;
  }

  async function finish(id: string): Promise<void> {
    let voidedPrev: JobRecord | null = null;
    await exclusive(async () => {
      const cur = await loadJob(id);
      let s = rollToday(state);
      const extra: Change[] = [];
      const ev = stockEvent(s, 'good', 1, 'system', { jobId: id, documentNumber: cur.documentNumber });
      s = ev.s;
      extra.push(ev.change);
      s = {
        ...s,
        counters: {
          ...s.counters,
          issued: s.counters.issued + 1,
          byKind: { ...s.counters.byKind, [cur.kind]: (s.counters.byKind[cur.kind] ?? 0) + 1 },
          today: { ...s.counters.today, issued: s.counters.today.issued + 1 },
        },
      };
      const jobs = [withStatus(cur, 'done', { blank: 'none', error: null, numberFate: 'issued' })];
      if (cur.kind === 'reissue' && cur.previousJobId) {
        const prev = await loadJob(cur.previousJobId).catch(() => null);
        if (prev && prev.status === 'done') {
          const v = voidPatch(prev, s, `replaced by ${id}`, 'system');
          s = v.s;
          extra.push(v.change);
          voidedPrev = { ...v.job, replacedBy: id };
          jobs.push(voidedPrev);
        }
      }
      await commit(jobs, s, extra);
    });
    log.info({ jobId: id }, 'card issued');
    await audit.append({ actor: 'system', action: 'issuance.done', target: id, outcome: 'ok' });
    if (voidedPrev)
      await audit.append({
        actor: 'system',
        action: 'issuance.void',
        target: (voidedPrev as JobRecord).id,
        details: { replacedBy: id },
      });
    if (cfg.retentionDays === 0) await purgeExpired().catch(() => 0);
  }

  function voidPatch(
    prev: JobRecord,
    s: StationState,
    reason: string,
    actor: string,
  ): { job: JobRecord; s: StationState; change: Change } {
    const job = withStatus(
      prev,
      'voided',
      { voidReason: reason, numberFate: 'voided' },
      reason.slice(0, 100),
    );
    const ev = stockEvent(s, 'voided', 1, actor, {
      reason,
      jobId: prev.id,
      documentNumber: prev.documentNumber,
    });
    const s2: StationState = {
      ...ev.s,
      counters: {
        ...ev.s.counters,
        voided: ev.s.counters.voided + 1,
        today: { ...ev.s.counters.today, voided: ev.s.counters.today.voided + 1 },
      },
    };
    return { job, s: s2, change: ev.change };
  }

  // ---- retention ----
  async function purgeExpired(): Promise<number> {
    const cutoffMs = clock.now() - cfg.retentionDays * 86_400_000;
    const cutoffDay = isoDay(cutoffMs);
    let purged = 0;
    for (const part of await store.partitions('jobs/')) {
      const day = part.slice(5);
      if (day > cutoffDay) break;
      if (state.retentionCursor && day < state.retentionCursor) continue;
      let allClear = true;
      for (const j of await store.list<JobRecord>(part)) {
        if (!j.personalData) continue;
        if (!TERMINAL.has(j.status) || Date.parse(j.updatedAt) > cutoffMs) {
          allClear = false;
          continue;
        }
        await personal.remove(j.id);
        await exclusive(async () => {
          const cur = await loadJob(j.id);
          await commit([{ ...cur, personalData: false, purgedAt: nowIso() }], state);
        });
        purged++;
      }
      if (allClear && day < cutoffDay && state.retentionCursor !== day) {
        await exclusive(() => commit([], { ...state, retentionCursor: day }));
      }
    }
    if (purged > 0) {
      log.info({ purged }, 'personal data past retention removed');
      await audit.append({
        actor: 'system',
        action: 'retention.purge',
        outcome: 'ok',
        details: { jobs: purged },
      });
    }
    return purged;
  }

  const creating = new Set<string>();
  /** Sealed files whose job was never committed (a crash during create) are removed. */
  async function sweepOrphans(): Promise<void> {
    let files: string[] = [];
    try {
      files = await readdir(personal.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const ids = new Set(
      files.map((f) => /^(\d{8}-[0-9a-f]{10})\.(person|photo)$/.exec(f)?.[1]).filter((x): x is string => !!x),
    );
    for (const id of ids) {
      const j = active.get(id) ?? (await store.get<JobRecord>(jobPartition(id), id));
      if (!j && !creating.has(id)) await personal.remove(id);
    }
  }

  const interval = opt.retentionIntervalMs ?? 3_600_000;
  if (interval > 0) {
    retentionTimer = setInterval(() => {
      purgeExpired().catch((e: unknown) => log.error({ err: (e as Error).message }, 'retention run failed'));
    }, interval);
    retentionTimer.unref();
  }

  const service: IssuanceService = {
    async create(input, actor) {
      if (locked()) {
        throw new CardgateError(
          'STATION_LOCKED',
          `issuing is locked: ${Object.values(state.locks).join('; ')}`,
          { status: 409 },
        );
      }
      if (!Value.Check(PersonRecord, input.person)) {
        const first = [...Value.Errors(PersonRecord, input.person)][0];
        throw new CardgateError(
          'PERSON_INVALID',
          `person record: ${first ? `${first.instancePath} ${first.message}` : 'invalid'}`,
          { status: 400 },
        );
      }
      if (input.person.documentNumber) {
        throw new CardgateError(
          'DOCUMENT_NUMBER_FROM_STATION',
          'document numbers come from the station’s leased blocks',
          { status: 400 },
        );
      }
      if (!jpegOk(input.photoJpeg))
        throw new CardgateError('PHOTO_INVALID', 'the photo must be a JPEG', { status: 400 });
      const previousJobId = input.previousJobId ?? null;
      if (input.kind === 'reissue' && !previousJobId) {
        throw new CardgateError('PREVIOUS_JOB_REQUIRED', 'a re-issue names the job of the card it replaces', {
          status: 400,
        });
      }
      if (previousJobId) {
        const prev = await loadJob(previousJobId).catch(() => {
          throw new CardgateError('PREVIOUS_JOB_NOT_FOUND', `no job ${previousJobId}`, { status: 400 });
        });
        if (input.kind === 'reissue' && prev.status !== 'done') {
          throw new CardgateError('PREVIOUS_JOB_NOT_DONE', 'only an issued card can be replaced', {
            status: 409,
          });
        }
      }
      const now = clock.now();
      const id = `${isoDay(now).replaceAll('-', '')}-${randomBytes(5).toString('hex')}`;
      // Sealed personal data first: the job that names it is committed only once it is on disk.
      creating.add(id);
      await personal.putJson(id, input.person);
      await personal.put(id, 'photo', input.photoJpeg);
      const at = new Date(now).toISOString();
      const job = await exclusive(async () => {
        const s = rollToday(state);
        const j: JobRecord = {
          id,
          kind: input.kind,
          status: 'queued',
          createdAt: at,
          updatedAt: at,
          queueSeq: s.nextQueueSeq,
          operator: actor,
          previousJobId,
          documentNumber: null,
          dateOfIssue: null,
          dateOfExpiry: null,
          attempts: 0,
          blank: 'none',
          error: null,
          numberFate: null,
          voidReason: null,
          replacedBy: null,
          personalData: true,
          purgedAt: null,
          history: [
            { status: 'draft', at },
            { status: 'queued', at },
          ],
        };
        await commit([j], { ...s, nextQueueSeq: s.nextQueueSeq + 1 });
        return j;
      }).finally(() => creating.delete(id));
      await audit.append({
        actor,
        action: 'issuance.create',
        target: id,
        outcome: 'ok',
        details: { kind: input.kind },
      });
      kick();
      return job;
    },

    async get(id, { withPerson = false } = {}) {
      const j: JobView = await loadJob(id);
      if (withPerson && j.personalData) {
        const p = await personal.getJson<PersonRecord>(id);
        if (p)
          j.person = j.documentNumber
            ? {
                ...p,
                documentNumber: j.documentNumber,
                dateOfIssue: j.dateOfIssue!,
                dateOfExpiry: j.dateOfExpiry!,
              }
            : p;
      }
      return j;
    },

    async list({ date, status, page = 1, pageSize = 50, withPerson = false }) {
      const day = !date || date === 'today' ? isoDay(clock.now()) : date;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day))
        throw new CardgateError('DATE_INVALID', 'date must be YYYY-MM-DD or today', { status: 400 });
      let jobs = (await store.list<JobRecord>(`jobs/${day}`)).map((j) => active.get(j.id) ?? j);
      if (status) jobs = jobs.filter((j) => j.status === status);
      const items = jobs.slice((page - 1) * pageSize, page * pageSize);
      const views = await Promise.all(items.map((j) => service.get(j.id, { withPerson })));
      return { items: views, total: jobs.length, page, pageSize };
    },

    async cancel(id, actor) {
      const cur = await loadJob(id);
      if (cur.status === 'needs-operator' && cur.blank !== 'none') await resolveBlank(id, 'cancelled');
      const j = await exclusive(async () => {
        const c = await loadJob(id);
        if (c.status !== 'queued' && c.status !== 'draft' && c.status !== 'needs-operator') {
          throw new CardgateError('JOB_NOT_CANCELLABLE', `a ${c.status} job cannot be cancelled`, {
            status: 409,
          });
        }
        const next = withStatus(c, 'cancelled', {
          numberFate: c.documentNumber ? 'spoiled' : null,
          blank: 'none',
        });
        await commit([next], rollToday(state));
        return next;
      });
      await audit.append({ actor, action: 'issuance.cancel', target: id, outcome: 'ok' });
      kick();
      return j;
    },

    async void(id, reason, actor) {
      if (!reason.trim())
        throw new CardgateError('VOID_REASON_REQUIRED', 'say why the card is void', { status: 400 });
      const j = await exclusive(async () => {
        const c = await loadJob(id);
        if (c.status !== 'done')
          throw new CardgateError('JOB_NOT_VOIDABLE', `a ${c.status} job has no valid card to void`, {
            status: 409,
          });
        const v = voidPatch(c, rollToday(state), reason, actor);
        await commit([v.job], v.s, [v.change]);
        return v.job;
      });
      await audit.append({
        actor,
        action: 'issuance.void',
        target: id,
        outcome: 'ok',
        details: { reason: reason.slice(0, 200) },
      });
      return j;
    },

    async resume(id, actor) {
      const cur = await loadJob(id);
      if (cur.status === 'failed' && !cur.error?.retryable) {
        throw new CardgateError('JOB_NOT_RETRYABLE', 'this failure cannot be retried: create a new job', {
          status: 409,
        });
      }
      if (cur.status !== 'needs-operator' && cur.status !== 'failed') {
        throw new CardgateError('JOB_NOT_RESUMABLE', `a ${cur.status} job cannot be resumed`, {
          status: 409,
        });
      }
      if (cur.blank !== 'none') await resolveBlank(id, 'interrupted');
      const j = await update(
        id,
        'queued',
        {
          error: null,
          blank: 'none',
          ...(cur.status === 'failed' && cur.numberFate === 'spoiled' ? { numberFate: 'pending' } : {}),
        },
        'resumed',
      );
      await audit.append({ actor, action: 'issuance.resume', target: id, outcome: 'ok' });
      kick();
      return j;
    },

    async lock(by, reason, actor) {
      await exclusive(() => commit([], { ...state, locks: { ...state.locks, [by]: reason || by } }));
      bus.emit('station:lock', { locked: true, by, reason });
      stationEvent('warning', 'STATION_LOCKED', `issuing locked by ${by}`, actor);
      await audit.append({
        actor: actor ?? by,
        action: 'station.lock',
        outcome: 'ok',
        details: { by, reason },
      });
    },

    async unlock(by, actor) {
      await exclusive(async () => {
        const locks = { ...state.locks };
        delete locks[by];
        await commit([], { ...state, locks });
      });
      bus.emit('station:lock', {
        locked: locked(),
        by,
        reason: locked() ? Object.values(state.locks).join('; ') : '',
      });
      await audit.append({ actor: actor ?? by, action: 'station.unlock', outcome: 'ok', details: { by } });
      kick();
    },

    station() {
      return {
        locked: locked(),
        lockReason: locked()
          ? Object.entries(state.locks)
              .map(([k, v]) => `${k}: ${v}`)
              .join('; ')
          : null,
        numbersRemaining: remaining(state.numbers.blocks),
        counters: countersOf(state),
      };
    },

    async assignNumberBlock(block, actor = 'datacenter') {
      const r = await exclusive(async () => {
        const res = addBlock(state.numbers.blocks, block, 'datacenter', nowIso());
        if (res.added)
          await commit([], checkLowNumbers({ ...state, numbers: { ...state.numbers, blocks: res.blocks } }));
        return res.added;
      });
      await audit.append({
        actor,
        action: 'numbers.assign',
        outcome: 'ok',
        details: { prefix: block.prefix, first: block.first, last: block.last, added: r },
      });
      if (r) emitCounters();
      return { added: r, remaining: remaining(state.numbers.blocks) };
    },

    numberBlocks: () => structuredClone(state.numbers.blocks),
    counters: () => countersOf(state),
    stock: () => ({ ...state.stock, identityHolds: identityHolds(state.stock) }),

    async loadStock(count, actor) {
      if (!Number.isInteger(count) || count < 1 || count > 10_000) {
        throw new CardgateError('STOCK_COUNT_INVALID', 'count must be a whole number from 1 to 10000', {
          status: 400,
        });
      }
      await exclusive(async () => {
        const ev = stockEvent(rollToday(state), 'load', count, actor);
        await commit([], ev.s, [ev.change]);
      });
      await audit.append({ actor, action: 'stock.load', outcome: 'ok', details: { count } });
      return service.stock();
    },

    async reconciliation(date) {
      const day = date === 'today' ? isoDay(clock.now()) : date;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day))
        throw new CardgateError('DATE_INVALID', 'date must be YYYY-MM-DD or today', { status: 400 });
      const events = await store.list<StockEvent>(`stock/${day}`);
      // A day without events opens and closes with the totals of the last day before it.
      let opening = emptyStock();
      if (events.length === 0) {
        const days = (await store.partitions('stock/')).filter((p) => p.slice(6) < day);
        const last = days[days.length - 1];
        if (last) opening = (await store.list<StockEvent>(last)).at(-1)?.after ?? opening;
        else if (day >= isoDay(clock.now())) opening = state.stock;
      }
      return reconcile(day, events, opening);
    },

    async recover() {
      const resolved: string[] = [];
      for (const j of [...active.values()]) {
        if (!IN_DEVICE.has(j.status) && !(j.status === 'needs-operator' && j.blank !== 'none')) continue;
        try {
          await resolveBlank(j.id, 'interrupted');
        } catch (e) {
          log.warn(
            { jobId: j.id, err: (e as Error).message },
            'printer not reachable while resolving an interrupted job',
          );
        }
        if (IN_DEVICE.has(j.status)) {
          await needsOperator(
            j.id,
            'INTERRUPTED',
            'the station stopped while this card was in the printer: check the output hopper and reject box, then resume',
          );
        }
        resolved.push(j.id);
      }
      await sweepOrphans();
      recovered = true;
      await purgeExpired().catch((e: unknown) =>
        log.error({ err: (e as Error).message }, 'retention run failed'),
      );
      if (resolved.length) log.warn({ jobs: resolved.length }, 'resolved jobs interrupted by a stop');
      kick();
      return { resolved };
    },

    purgeExpired,
    rotateDataKey: async (newKey) => {
      const r = await personal.rotate(newKey);
      await audit.append({
        actor: 'system',
        action: 'crypto.rotate',
        outcome: 'ok',
        details: { keyId: r.keyId, resealed: r.resealed },
      });
      return r;
    },

    async allJobs() {
      const out: JobRecord[] = [];
      for (const p of await store.partitions('jobs/')) out.push(...(await store.list<JobRecord>(p)));
      return out;
    },

    idle() {
      if (!working && !nextJob()) return Promise.resolve();
      return new Promise<void>((r) => idleWaiters.push(r));
    },

    async close() {
      closed = true;
      if (retentionTimer) clearInterval(retentionTimer);
      await working;
      await chain;
      await store.close();
    },
  };
  return service;
}

export { allocatedNumbers };
