import type { Logger } from 'pino';
import type { EventBus } from '../core/events.js';
import type { Change } from '../storage/journal-store.js';
import type { IssuanceAudit } from './audit-trail.js';
import type { LineFaultInput } from './card-run.js';
import type { JobBook } from './jobs.js';
import type { JobRecord } from './job.js';
import { bump } from './ledger.js';
import { withLine } from './line-books.js';
import type { LineRuntime } from './scheduler.js';

/**
 * Failover with several lines. A fault of a line's devices stops that line (durably, until a
 * technician brings it back) and gives its job back to the queue in the same journal entry:
 * the blank the fault spoiled is counted on that line (a card stuck in the printer at once, as it
 * can never be finished), and the job starts again on another line with a fresh blank, keeping
 * its document number. The job's history shows both steps (needs-operator on the line, then
 * queued again), both in the state machine's table.
 */
export function createLineFaults(d: {
  book: JobBook;
  bus: EventBus;
  audit: IssuanceAudit;
  log: Logger;
  now: () => number;
  lineOf: (id: string) => LineRuntime;
  /** Lets other lines take the job at once (the line still unwinds its run). */
  release: (jobId: string) => void;
  kick: () => void;
  changed: (line: LineRuntime) => void;
}) {
  const { book, bus, log } = d;

  async function fault(lineId: string, jobId: string, f: LineFaultInput): Promise<void> {
    const line = d.lineOf(lineId);
    const at = book.nowIso();
    const pre = await book.load(jobId);
    if (!f.card && pre.blank !== 'none') {
      // A blank the fault left feeding or inside: rejected and counted, or found gone.
      try {
        await line.run.resolveBlank(jobId, `line:${f.code}`);
      } catch (e) {
        // The printer cannot be asked where the blank is: the job stays with this line and waits
        // for a person, as with one printer (never moved with a blank unaccounted for).
        log.warn({ jobId, line: lineId, err: (e as Error).message }, 'blank not resolvable; job waits');
        await book.commitState((s) => ({
          s: withLine(s, lineId, {
            fault: { code: f.code, message: f.message, at, jobId, cardInside: false },
          }),
        }));
        await line.run.needsOperator(jobId, f.code, f.message);
        await d.audit.lineFault(lineId, jobId, f.code);
        d.changed(line);
        d.kick();
        return;
      }
    }
    await book.exclusive(async () => {
      const cur = await book.load(jobId);
      let s = withLine(book.state, lineId, {
        fault: { code: f.code, message: f.message, at, jobId, cardInside: Boolean(f.card) },
      });
      const extra: Change[] = [];
      let card: JobRecord['card'] = cur.card ?? null;
      if (f.card) {
        const b = bump(s, 'spoiled', {
          nowMs: d.now(),
          actor: 'system',
          reason: f.card.reason,
          jobId,
          documentNumber: cur.documentNumber,
          line: lineId,
        });
        s = b.s;
        extra.push(b.change);
        card = { where: 'in-printer', spoiled: true, reason: f.card.reason, attempt: f.card.attempt };
      }
      const held = book.transition(
        cur,
        'needs-operator',
        {
          blank: 'none',
          card,
          error: { code: f.code, message: f.message, needsOperator: true, retryable: true },
        },
        `${lineId}: ${f.code}`,
      );
      const back = book.transition(held, 'queued', { error: null, line: null }, `moved from ${lineId}`);
      await book.commit([back], s, extra);
    });
    bus.emit('station:event', {
      level: 'fault',
      code: `LINE_FAULT`,
      message: `${line.name}: ${f.code}. ${f.message}`,
      source: lineId,
    });
    log.warn({ line: lineId, jobId, code: f.code }, 'line fault: job moved to the queue');
    if (f.card) await d.audit.spoiled(jobId, f.card.reason);
    await d.audit.lineFault(lineId, jobId, f.code);
    d.changed(line);
    // Other lines take the job (and this line's share of the queue) at once.
    d.release(jobId);
    d.kick();
  }

  return { fault };
}
