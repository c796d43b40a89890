import type { EventBus } from '../core/events.js';
import { CardgateError } from '../core/errors.js';
import type { PrinterStatus } from '../../drivers/printer/interface.js';
import type { EncoderState } from '../../drivers/encoder/interface.js';
import type { IssuanceAudit } from './audit-trail.js';
import type { JobBook } from './jobs.js';
import type { JobRecord } from './job.js';
import type { JobWhere } from './service-api.js';
import { lineBook, withLine } from './line-books.js';
import type { LineStateName, LineView } from './line-types.js';
import { checkCanFeed, notReadyError } from './printer-gate.js';
import { readerProblem, type LineRuntime, type Scheduler } from './scheduler.js';
import { identityHolds } from './stock.js';

const HOUR = 3_600_000;

/**
 * What technicians do with lines and what everyone sees of them: a line's state (worst first:
 * offline, fault, out of service, busy, idle), taking it out of service and back, bringing it
 * back after a fault (its stuck card rejected, not counted again), and the devices' presence.
 */
export function createLineControls(d: {
  book: JobBook;
  bus: EventBus;
  audit: IssuanceAudit;
  lines: LineRuntime[];
  scheduler: () => Scheduler;
  now: () => number;
}) {
  const { book, bus, lines } = d;
  const ribbons = new Map<string, PrinterStatus['ribbon']>();

  function lineOf(id: string): LineRuntime {
    const l = lines.find((x) => x.id === id);
    if (!l) throw new CardgateError('LINE_NOT_FOUND', `no print line ${id}`, { status: 404 });
    return l;
  }

  function stateOf(l: LineRuntime): LineStateName {
    const b = lineBook(book.state, l.id);
    if (l.offline) return 'offline';
    if (b.fault) return 'fault';
    if (b.outOfService) return 'out-of-service';
    return l.current ? 'busy' : 'idle';
  }

  function changed(l: LineRuntime): void {
    const b = lineBook(book.state, l.id);
    bus.emit('issuance:line', {
      line: l.id,
      state: stateOf(l),
      jobId: l.current,
      code: l.offline?.code ?? b.fault?.code ?? (b.outOfService ? 'LINE_OUT_OF_SERVICE' : null),
    });
  }

  function view(l: LineRuntime): LineView {
    const b = lineBook(book.state, l.id);
    const now = d.now();
    l.issuedAt = l.issuedAt.filter((t) => t > now - HOUR);
    const hours = Math.max((now - l.startedAt) / HOUR, 1 / 60);
    const reason = l.offline
      ? { code: l.offline.code, message: l.offline.message, at: new Date(l.offline.at).toISOString() }
      : b.fault
        ? { code: b.fault.code, message: b.fault.message, at: b.fault.at }
        : b.outOfService
          ? { code: 'LINE_OUT_OF_SERVICE', message: b.outOfService.reason, at: b.outOfService.at }
          : null;
    const ribbon = ribbons.get(l.id);
    return {
      id: l.id,
      name: l.name,
      state: stateOf(l),
      reason,
      reader: l.reader ?? null,
      printer: l.printer.id,
      encoder: l.encoder.id,
      cardTypes: l.cardTypes ?? null,
      currentJob: l.current ? { id: l.current, stage: l.stage ?? 'feeding' } : null,
      stock: { ...b.stock, identityHolds: identityHolds(b.stock) },
      ribbon: { type: ribbon?.type ?? null, remaining: ribbon?.remaining ?? null },
      throughput: {
        issued: b.issued,
        spoiled: b.spoiled,
        testCards: b.testCards,
        lastHour: l.issuedAt.length,
        perHour: Math.round((l.issuedAt.length / Math.min(hours, 1)) * 10) / 10,
      },
    };
  }

  /** After a fault is fixed: the printer must be able to finish a card and the line hold a blank. */
  async function resume(id: string, actor: string): Promise<LineView> {
    const l = lineOf(id);
    const b = lineBook(book.state, id);
    if (b.fault?.cardInside) {
      // The spoiled card the fault caught is already counted: out it goes, uncounted.
      const st = await l.printer.status().catch(() => null);
      if (st?.cardInside) await l.printer.reject().catch(() => undefined);
    }
    const refusal = await checkCanFeed(l.printer, b.stock.inFeeder);
    if (refusal) throw notReadyError(refusal);
    // 'back' is recorded as the fault is cleared, in the same tick: another line finishing a card
    // kicks the scheduler, and this line may take a job before the audit write below is done (a
    // loaded CI run recorded such a take before 'back', as if the line had worked while faulted).
    await book.commitState(
      (s) => ({ s: withLine(s, id, { fault: null }) }),
      () => d.scheduler().record({ line: id, event: 'back' }),
    );
    await d.audit.lineService(actor, id, true, b.fault ? `fault ${b.fault.code} fixed` : null);
    changed(l);
    d.scheduler().kick();
    return view(l);
  }

  /** A technician takes a line out of service (its job finishes first) or puts it back. */
  async function setService(
    id: string,
    inService: boolean,
    actor: string,
    reason?: string,
  ): Promise<LineView> {
    const l = lineOf(id);
    const outOfService = inService
      ? null
      : { by: actor, reason: reason?.trim() || 'maintenance', at: book.nowIso() };
    // Recorded as the change is applied (see resume): the line may take a job before the audit is written.
    await book.commitState(
      (s) => ({ s: withLine(s, id, { outOfService }) }),
      () => d.scheduler().record({ line: id, event: inService ? 'in-service' : 'out-of-service' }),
    );
    await d.audit.lineService(actor, id, inService, outOfService?.reason ?? null);
    changed(l);
    d.scheduler().kick();
    return view(l);
  }

  /** Follows each line's devices: a missing reader or a lost printer link takes the line offline. */
  function watch(): () => void {
    const offs: Array<() => void> = [];
    for (const l of lines) {
      const onEncoder = (s: EncoderState): void => {
        const problem = readerProblem(l, s);
        setOffline(l, problem ? { code: 'LINE_READER_MISSING', message: problem } : null);
      };
      const onConnection = (c: { connected: boolean; reason?: string }): void =>
        setOffline(
          l,
          c.connected
            ? null
            : { code: 'LINE_PRINTER_OFFLINE', message: `printer link lost (${c.reason ?? 'closed'})` },
        );
      const onStatus = (s: PrinterStatus): void => {
        ribbons.set(l.id, s.ribbon);
      };
      l.encoder.on('state', onEncoder);
      l.printer.on('connection', onConnection);
      l.printer.on('status', onStatus);
      onEncoder(l.encoder.state());
      offs.push(() => {
        l.encoder.off('state', onEncoder);
        l.printer.off('connection', onConnection);
        l.printer.off('status', onStatus);
      });
    }
    return () => offs.forEach((f) => f());
  }

  function setOffline(l: LineRuntime, problem: { code: string; message: string } | null): void {
    const was = l.offline;
    if ((was?.message ?? null) === (problem?.message ?? null)) return;
    l.offline = problem ? { ...problem, at: d.now() } : null;
    const sch = d.scheduler();
    sch.record({ line: l.id, event: problem ? 'offline' : 'online' });
    if (problem)
      bus.emit('station:event', {
        level: 'fault',
        code: problem.code,
        message: `${l.name}: ${problem.message}`,
        source: l.id,
      });
    changed(l);
    if (!problem) sch.kick();
  }

  /** Where a job's card is: on the line working it (and at which step), queued, or where it was made. */
  function whereIs(j: JobRecord): JobWhere {
    const working = lines.find((l) => l.current === j.id);
    const l = working ?? lines.find((x) => x.id === j.line);
    const at = { line: l?.id ?? null, lineName: l?.name ?? null, printer: l?.printer.id ?? null };
    if (working && (j.status === 'encoding' || j.status === 'printing'))
      return { stage: working.stage ?? (j.status === 'printing' ? 'printing' : 'encoding'), ...at };
    if (j.status === 'queued') return { stage: 'queued', line: null, lineName: null, printer: null };
    return { stage: j.status, ...at };
  }

  return { lineOf, view, views: () => lines.map(view), resume, setService, watch, changed, stateOf, whereIs };
}

export type LineControls = ReturnType<typeof createLineControls>;
