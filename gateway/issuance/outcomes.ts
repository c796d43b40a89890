import type { Logger } from 'pino';
import type { CardPrinter } from '../../drivers/printer/interface.js';
import type { EventBus } from '../core/events.js';
import type { Change } from '../storage/journal-store.js';
import type { IssuanceAudit } from './audit-trail.js';
import type { JobError, JobRecord } from './job.js';
import type { JobBook } from './jobs.js';
import { bump, type StationState } from './ledger.js';

export interface OutcomeDeps {
  book: JobBook;
  /** The print line these devices belong to: its feeder and counts take the blanks. */
  line?: string;
  printer: CardPrinter;
  bus: EventBus;
  audit: IssuanceAudit;
  log: Logger;
  now: () => number;
  /** Runs after a card was issued (retention with a zero-day period). */
  afterIssued?: () => Promise<unknown>;
}

/**
 * How a job's card ends, each committed with its count in one journal entry: issued (and the card
 * it replaces voided), spoiled (the blank rejected or found gone), failed, or waiting for a person.
 * The job's `card` says where its last blank is, so the operator's box follows the card.
 */
export function createOutcomes(d: OutcomeDeps) {
  const { book, printer, bus, log } = d;

  const stationEvent = (level: 'info' | 'warning' | 'fault', code: string, message: string): void =>
    bus.emit('station:event', { level, code, message, source: 'issuance' });

  async function fail(id: string, error: JobError): Promise<void> {
    await book.exclusive(async () => {
      const cur = await book.load(id);
      const j = book.transition(
        cur,
        'failed',
        { error, blank: 'none', numberFate: cur.documentNumber ? 'spoiled' : null },
        error.code,
      );
      await book.commit([j]);
    });
    log.warn({ jobId: id, code: error.code }, 'issuance job failed');
    await d.audit.failed(id, error.code);
  }

  async function needsOperator(
    id: string,
    code: string,
    message: string,
    patch: Partial<JobRecord> = {},
  ): Promise<void> {
    await book.update(
      id,
      'needs-operator',
      { ...patch, error: { code, message, needsOperator: true, retryable: true } },
      code,
    );
    stationEvent('fault', code, message);
    log.warn({ jobId: id, code }, 'issuance job waits for the operator');
    await d.audit.needsOperator(id, code);
  }

  /** A blank left somewhere by a fault or a crash: ask the printer, reject it, count it spoiled. */
  async function resolveBlank(
    id: string,
    reason: string,
    /** The printer's own fault rule already sent the card to the reject box. */
    rejectedByPrinter = false,
  ): Promise<'none' | 'spoiled'> {
    const j = await book.load(id);
    if (j.blank === 'none') return 'none';
    const st = await printer.status();
    let where: 'reject-box' | 'unverified' | null = null;
    if (st.cardInside) {
      bus.emit('issuance:progress', {
        jobId: id,
        step: 'rejecting',
        detail: { done: 0, total: 1, attempt: j.attempts },
      });
      await printer.reject();
      where = 'reject-box';
    } else if (j.blank === 'inside' && rejectedByPrinter) {
      where = 'reject-box';
    } else if (j.blank === 'inside') {
      // The card left the printer while nobody was watching: it may lie in the hopper unverified.
      where = 'unverified';
      reason = `${reason}-unverified`;
    }
    await book.exclusive(async () => {
      const cur = await book.load(id);
      let s = book.state;
      const extra: Change[] = [];
      if (where) {
        const b = bump(s, 'spoiled', {
          nowMs: d.now(),
          actor: 'system',
          reason,
          jobId: id,
          documentNumber: cur.documentNumber,
          line: d.line ?? null,
        });
        s = b.s;
        extra.push(b.change);
      }
      const card = where ? { where, spoiled: true, reason, attempt: cur.attempts } : (cur.card ?? null);
      await book.commit([book.patched(cur, { blank: 'none', card })], s, extra);
    });
    if (where) {
      stationEvent('warning', 'CARD_SPOILED', `blank spoiled (${reason})`);
      await d.audit.spoiled(id, reason);
    }
    return where ? 'spoiled' : 'none';
  }

  async function finish(id: string): Promise<void> {
    let voidedPrev: string | null = null;
    await book.exclusive(async () => {
      const cur = await book.load(id);
      const b = bump(book.state, 'issued', {
        nowMs: d.now(),
        actor: 'system',
        jobId: id,
        documentNumber: cur.documentNumber,
        jobKind: cur.kind,
        line: d.line ?? null,
      });
      let s = b.s;
      const extra: Change[] = [b.change];
      const jobs = [
        book.transition(cur, 'done', {
          blank: 'none',
          error: null,
          numberFate: 'issued',
          card: { where: 'output-hopper', spoiled: false, reason: null, attempt: cur.attempts },
        }),
      ];
      if (cur.kind === 'reissue' && cur.previousJobId) {
        const prev = await book.load(cur.previousJobId).catch(() => null);
        if (prev && prev.status === 'done') {
          const v = voidPatch(book, prev, s, `replaced by ${id}`, 'system', d.now());
          s = v.s;
          extra.push(v.change);
          jobs.push({ ...v.job, replacedBy: id });
          voidedPrev = prev.id;
        } else if (prev && prev.status === 'voided' && !prev.replacedBy) {
          jobs.push(book.patched(prev, { replacedBy: id }));
        }
      }
      await book.commit(jobs, s, extra);
    });
    log.info({ jobId: id }, 'card issued');
    await d.audit.done(id);
    if (voidedPrev) await d.audit.voided('system', voidedPrev, { replacedBy: id });
    if (d.afterIssued) await d.afterIssued().catch(() => 0);
  }

  return { fail, needsOperator, resolveBlank, finish, stationEvent };
}

/** A done job made void, with its stock entry and counters, ready to commit. */
export function voidPatch(
  book: JobBook,
  prev: JobRecord,
  s: StationState,
  reason: string,
  actor: string,
  nowMs: number,
): { job: JobRecord; s: StationState; change: Change } {
  const job = book.transition(
    prev,
    'voided',
    { voidReason: reason, numberFate: 'voided' },
    reason.slice(0, 100),
  );
  const b = bump(s, 'voided', {
    nowMs,
    actor,
    reason,
    jobId: prev.id,
    documentNumber: prev.documentNumber,
    line: prev.line ?? null,
  });
  return { job, s: b.s, change: b.change };
}

export type Outcomes = ReturnType<typeof createOutcomes>;
