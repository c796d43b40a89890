import type { Logger } from 'pino';
import type { ChipSigner } from '../../drivers/encoder/interface.js';
import type { PrintProgress } from '../../drivers/printer/interface.js';
import { CardgateError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import type { PersonalStore } from '../crypto/personal-store.js';
import type { IssuanceAudit } from './audit-trail.js';
import { createCardRun, type CardRunDeps } from './card-run.js';
import type { IssuanceDeps } from './deps.js';
import type { JobBook } from './jobs.js';
import { ensureLines } from './line-books.js';
import { createLineControls } from './line-controls.js';
import { createLineFaults } from './line-faults.js';
import type { LineDevices } from './line-types.js';
import { createScheduler, type LineRuntime, type Scheduler } from './scheduler.js';

/** The lines the service was given: `lines`, or the one line its printer and encoder make. */
export function linesOf<S extends ChipSigner>(deps: IssuanceDeps<S>): LineDevices[] {
  if (deps.lines?.length) {
    const ids = new Set<string>();
    for (const l of deps.lines) {
      if (ids.has(l.id))
        throw new CardgateError('LINE_CONFIG_INVALID', `print line ${l.id} is configured twice`);
      ids.add(l.id);
    }
    return deps.lines;
  }
  if (!deps.printer || !deps.encoder)
    throw new CardgateError('LINE_CONFIG_INVALID', 'issuance needs a printer and an encoder, or lines');
  return [{ id: 'line-1', name: 'Line 1', printer: deps.printer, encoder: deps.encoder }];
}

/**
 * Every line's card run (its own printer, encoder and feeder), the one scheduler over them, and
 * the technician's controls. With several lines the card runs report device faults to the
 * failover instead of making the job wait for a person.
 */
export async function setUpLines<S extends ChipSigner>(
  deps: IssuanceDeps<S>,
  d: {
    book: JobBook;
    bus: EventBus;
    audit: IssuanceAudit;
    log: Logger;
    now: () => number;
    personal: PersonalStore;
    cardWaitMs: number;
    afterIssued?: () => Promise<unknown>;
  },
) {
  const devices = linesOf(deps);
  const { book, bus, log } = d;
  const multi = devices.length > 1;
  const migrated = ensureLines(
    book.state,
    devices.map((l) => l.id),
  );
  if (migrated) await book.commitState(() => ({ s: migrated }));

  const runtimes: LineRuntime[] = [];
  let scheduler: Scheduler | null = null;
  const sch = (): Scheduler => scheduler!;
  const controls = createLineControls({
    book,
    bus,
    audit: d.audit,
    lines: runtimes,
    scheduler: sch,
    now: d.now,
  });
  const faults = createLineFaults({
    book,
    bus,
    audit: d.audit,
    log,
    now: d.now,
    lineOf: (id) => controls.lineOf(id),
    release: (id) => sch().release(id),
    kick: () => sch().kick(),
    changed: (l) => controls.changed(l),
  });

  for (const dev of devices) {
    const rt = {
      ...dev,
      current: null,
      stage: null,
      offline: null,
      issuedAt: [],
      startedAt: d.now(),
    } as unknown as LineRuntime;
    const runDeps: CardRunDeps<S> = {
      book,
      printer: dev.printer,
      encoder: dev.encoder,
      produceCard: deps.produceCard,
      signer: deps.signer,
      personal: d.personal,
      bus,
      audit: d.audit,
      log: log.child({ line: dev.id }),
      now: d.now,
      cfg: deps.config.issuance,
      cardWaitMs: d.cardWaitMs,
      line: dev.id,
      afterIssued: async () => {
        rt.issuedAt.push(d.now());
        await d.afterIssued?.();
      },
      ...(multi ? { lineFault: (id, f) => faults.fault(dev.id, id, f) } : {}),
    };
    rt.run = createCardRun(runDeps);
    // The desk's "line 2 printing": the stage of the job each line works.
    dev.printer.on('progress', (p: PrintProgress) => {
      if (rt.current === p.jobId)
        rt.stage = p.step === 'ejecting' ? 'ejecting' : p.step === 'feeding' ? 'feeding' : 'printing';
    });
    dev.encoder.on('progress', (p) => {
      if (rt.current === p.jobId) rt.stage = 'encoding';
    });
    runtimes.push(rt);
  }
  scheduler = createScheduler({
    book,
    lines: runtimes,
    log,
    now: d.now,
    onChange: (l) => controls.changed(l),
  });
  const unwatch = controls.watch();
  // A job names the line that worked it; one from a line since removed is resolved on the first.
  const runOf = (lineId: string | null | undefined) =>
    (runtimes.find((l) => l.id === lineId) ?? runtimes[0]!).run;
  return { runtimes, scheduler, controls, runOf, multi, unwatch };
}
