import type { ProtectionDetails } from '../protection/protection-details.js';
import { join } from 'node:path';
import type { ChipSigner } from '../../drivers/encoder/interface.js';
import { CardgateError } from '../core/errors.js';
import type { PersonRecord } from '../document/person.js';
import { loadKeyring } from '../crypto/keyring.js';
import { PersonalStore } from '../crypto/personal-store.js';
import { issuanceAudit } from './audit-trail.js';
import { voidPatch } from './outcomes.js';
import type { IssuanceDeps } from './deps.js';
import { createIntake, type CreateJobInput } from './intake.js';
import type { JobKind, JobRecord } from './job.js';
import { JobBook } from './jobs.js';
import { countersOf, type LockSource } from './ledger.js';
import { allocatedNumbers } from './numbers.js';
import { createRetention } from './retention.js';
import { loadCardArtefacts } from './card-artefacts.js';
import { allowedActions, IN_DEVICE } from './state-machine.js';
import { createStockBook, type StockView } from './stock-book.js';
import { setUpLines } from './line-setup.js';
import { checkCanFeed, notReadyError, refusalMessage } from './printer-gate.js';
import { createStationControls } from './station-controls.js';

export type { LockSource, CreateJobInput, StockView, JobKind };
export type { IssuanceService, JobView, JobWhere } from './service-api.js';
import type { IssuanceService, JobView } from './service-api.js';

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * The issuance workflow's façade: the API and the station call it; the work is done by its parts
 * (jobs.ts: records and books; ledger.ts: counts; card-run.ts: the devices and the fault policy;
 * retention.ts: personal data; worker.ts: the queue; audit-trail.ts: what is recorded).
 */
export async function createIssuanceService<S extends ChipSigner>(
  deps: IssuanceDeps<S>,
): Promise<IssuanceService> {
  const { config, dataDir, bus, clock, logger } = deps;
  const cfg = config.issuance;
  const opt = deps.options ?? {};
  const log = logger.child({ area: 'issuance' });
  const book = await JobBook.open({
    dataDir,
    bus,
    clock,
    logger: log,
    ...(opt.checkpointEvery ? { checkpointEvery: opt.checkpointEvery } : {}),
  });
  const ring = await loadKeyring({
    dataDir,
    keyFile: config.security?.dataKeyFile,
    env: opt.env ?? process.env,
    store: deps.keyStore,
    onMigrated: (file, keys) =>
      log.warn({ file, keys }, 'clear data key file wrapped by the key store and removed'),
  });
  const personal = new PersonalStore(join(dataDir, 'personal'), ring);
  const audit = issuanceAudit(deps.audit);
  const now = (): number => clock.now();
  const retention = createRetention({
    book,
    personal,
    clock,
    retentionDays: cfg.retentionDays,
    audit,
    log,
    ...(deps.personalDataHold ? { hold: deps.personalDataHold } : {}),
  });
  const lines = await setUpLines(deps, {
    book,
    bus,
    audit,
    log,
    now,
    personal,
    cardWaitMs: opt.cardWaitMs ?? 15_000,
    ...(cfg.retentionDays === 0 ? { afterIssued: () => retention.purgeExpired() } : {}),
  });
  const { runOf, controls: lineControls } = lines;
  const worker = lines.scheduler;
  const lineIds = lines.runtimes.map((l) => l.id);
  const stockBook = createStockBook({
    book,
    audit,
    now,
    printers: lines.runtimes.map((l) => ({ line: l.id, printer: l.printer })),
  });
  const intake = createIntake({
    book,
    personal,
    retention,
    audit,
    now,
    lineIds,
    gate: deps.intakeGate,
  });
  const controls = createStationControls({ book, bus, audit, log, now, cfg, kick: () => worker.kick() });

  await controls.addConfiguredBlocks();

  let retentionTimer: NodeJS.Timeout | null = null;
  const interval = opt.retentionIntervalMs ?? 3_600_000;
  if (interval > 0) {
    retentionTimer = setInterval(() => {
      retention
        .purgeExpired()
        .catch((e: unknown) => log.error({ err: (e as Error).message }, 'retention run failed'));
    }, interval);
    retentionTimer.unref();
  }

  const view = async (j: JobRecord, withPerson: boolean): Promise<JobView> => {
    const v: JobView = { ...j, actions: allowedActions(j), where: lineControls.whereIs(j) };
    if (withPerson && j.personalData) {
      const p = await personal.getJson<PersonRecord>(j.id);
      if (p)
        v.person = j.documentNumber
          ? {
              ...p,
              documentNumber: j.documentNumber,
              dateOfIssue: j.dateOfIssue!,
              dateOfExpiry: j.dateOfExpiry!,
            }
          : p;
    }
    return v;
  };

  const service: IssuanceService = {
    async create(input, actor) {
      const job = await intake.create(input, actor);
      worker.kick();
      return job;
    },

    async get(id, { withPerson = false } = {}) {
      return view(await book.load(id), withPerson);
    },

    async list({ date, status, operator, desk, page = 1, pageSize = 50, withPerson = false }) {
      const day = !date || date === 'today' ? isoDay(now()) : date;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day))
        throw new CardgateError('DATE_INVALID', 'date must be YYYY-MM-DD or today', { status: 400 });
      let jobs = (await book.list<JobRecord>(`jobs/${day}`)).map((j) => book.active.get(j.id) ?? j);
      if (status) jobs = jobs.filter((j) => j.status === status);
      if (operator) jobs = jobs.filter((j) => j.operator === operator);
      if (desk) jobs = jobs.filter((j) => j.desk === desk);
      const items = jobs.slice((page - 1) * pageSize, page * pageSize);
      const views = await Promise.all(items.map((j) => view(structuredClone(j), withPerson)));
      return { items: views, total: jobs.length, page, pageSize };
    },

    async cancel(id, actor) {
      const cur = await book.load(id);
      if (cur.status === 'needs-operator' && cur.blank !== 'none')
        await runOf(cur.line).resolveBlank(id, 'cancelled');
      const j = await book.exclusive(async () => {
        const c = await book.load(id);
        if (!allowedActions(c).cancel) {
          throw new CardgateError('JOB_NOT_CANCELLABLE', `a ${c.status} job cannot be cancelled`, {
            status: 409,
          });
        }
        const next = book.transition(c, 'cancelled', {
          numberFate: c.documentNumber ? 'spoiled' : null,
          blank: 'none',
        });
        await book.commit([next]);
        return next;
      });
      await audit.cancelled(actor, id);
      worker.kick();
      return j;
    },

    async void(id, reason, actor) {
      if (!reason.trim())
        throw new CardgateError('VOID_REASON_REQUIRED', 'say why the card is void', { status: 400 });
      const j = await book.exclusive(async () => {
        const c = await book.load(id);
        if (c.status !== 'done')
          throw new CardgateError('JOB_NOT_VOIDABLE', `a ${c.status} job has no valid card to void`, {
            status: 409,
          });
        const v = voidPatch(book, c, book.state, reason, actor, now());
        await book.commit([v.job], v.s, [v.change]);
        return v.job;
      });
      await audit.voided(actor, id, { reason });
      return j;
    },

    async resume(id, actor) {
      const cur = await book.load(id);
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
      // The cause must be gone before anything moves: the printer re-checks, the books hold a blank.
      // With several lines the job goes back to the queue for any line that can take it.
      const lineRt = lines.runtimes.find((l) => l.id === cur.line) ?? lines.runtimes[0]!;
      const refusal = lines.multi ? null : await checkCanFeed(lineRt.printer, book.state.stock.inFeeder);
      if (refusal) {
        await audit.resumeRefused(actor, id, refusal.code);
        if (cur.status === 'needs-operator' && cur.error?.code !== refusal.code)
          await book.patch(id, {
            error: {
              code: refusal.code,
              message: refusalMessage(refusal),
              needsOperator: true,
              retryable: true,
            },
          });
        throw notReadyError(refusal);
      }
      if (cur.blank !== 'none') await runOf(cur.line).resolveBlank(id, 'interrupted');
      const j = await book.update(
        id,
        'queued',
        {
          error: null,
          blank: 'none',
          runAttempts: 0,
          ...(cur.status === 'failed' && cur.numberFate === 'spoiled' ? { numberFate: 'pending' } : {}),
        },
        'resumed',
      );
      await audit.resumed(actor, id);
      worker.kick();
      return j;
    },

    lock: (by, reason, actor) => controls.lock(by, reason, actor),
    unlock: (by, actor) => controls.unlock(by, actor),
    station: () => controls.station(),
    assignNumberBlock: (block, actor) => controls.assignNumberBlock(block, actor),
    numberBlocks: () => structuredClone(book.state.numbers.blocks),
    counters: () => countersOf(book.state, now()),
    stock: () => stockBook.view(),
    loadStock: (count, actor, line) => stockBook.load(count, actor, line),
    reconciliation: (date) => stockBook.reconciliation(date),
    busy: (line) => {
      if (!line || !lines.multi) return book.active.size > 0;
      const l = lineControls.lineOf(line);
      return l.current !== null || (worker.available(l) && worker.waitingFor(l) > 0);
    },
    assertBlank: (line) => stockBook.assertBlank(line),
    recordTestCard: (actor, line) => stockBook.recordTestCard(actor, line),
    lines: () => lineControls.views(),
    line: (id) => lineControls.view(lineControls.lineOf(id)),
    setLineService: (id, inService, actor, reason) => lineControls.setService(id, inService, actor, reason),
    resumeLine: (id, actor) => lineControls.resume(id, actor),
    lineHistory: () => worker.history(),

    async recover() {
      const resolved: string[] = [];
      for (const j of [...book.active.values()]) {
        if (!IN_DEVICE.has(j.status) && !(j.status === 'needs-operator' && j.blank !== 'none')) continue;
        try {
          await runOf(j.line).resolveBlank(j.id, 'interrupted');
        } catch (e) {
          log.warn(
            { jobId: j.id, err: (e as Error).message },
            'printer not reachable while resolving an interrupted job',
          );
        }
        if (IN_DEVICE.has(j.status)) {
          await runOf(j.line).needsOperator(
            j.id,
            'INTERRUPTED',
            'the station stopped while this card was in the printer: check the output hopper and reject box, then resume',
          );
        }
        resolved.push(j.id);
      }
      const feeders = opt.emulatedFeeder;
      if (typeof feeders === 'number') await stockBook.mirrorEmulatedFeeder(feeders, lineIds[0]);
      else if (feeders)
        for (const [line, n] of Object.entries(feeders)) await stockBook.mirrorEmulatedFeeder(n, line);
      await stockBook.takeBaseline();
      await retention.sweepOrphans();
      await retention
        .purgeExpired()
        .catch((e: unknown) => log.error({ err: (e as Error).message }, 'retention run failed'));
      worker.start();
      if (resolved.length) log.warn({ jobs: resolved.length }, 'resolved jobs interrupted by a stop');
      return { resolved };
    },

    purgeExpired: () => retention.purgeExpired(),
    async handoffView(id) {
      const job = await book.load(id);
      const v = await view(job, true);
      const photoJpeg = job.personalData ? await personal.get(id, 'photo') : null;
      const sealed = job.personalData ? await personal.get(id, 'protection') : null;
      const protection = sealed ? (JSON.parse(sealed.toString('utf8')) as ProtectionDetails) : null;
      const artefacts = job.personalData ? await loadCardArtefacts(personal, id) : null;
      return { job, person: v.person ?? null, photoJpeg, protection, artefacts };
    },
    purgePersonalData: (id) => retention.purgeJob(id),
    rotateDataKey: (newKey) => retention.rotateDataKey(newKey),

    async allJobs() {
      const out: JobRecord[] = [];
      for (const p of await book.partitions('jobs/')) out.push(...(await book.list<JobRecord>(p)));
      return out;
    },

    idle: () => worker.idle(),

    async close() {
      if (retentionTimer) clearInterval(retentionTimer);
      lines.unwatch();
      await worker.close();
      await book.close();
    },
  };
  return service;
}

export { allocatedNumbers };
