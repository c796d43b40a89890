import type { StationContext } from '../station.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { PrinterAttachment } from '../devices/printer.js';
import type { CardEncoder } from '../../drivers/encoder/interface.js';
import type { DocumentSigner } from '../document/seal/signer.js';
import type { IssuanceService } from '../issuance/service.js';
import type { IntakeGate } from '../issuance/intake.js';
import { assertPrintable } from './print-guard.js';
import { producePrintableCardLazily } from './lazy-produce.js';

export interface IssuanceDeps {
  printer: PrinterAttachment;
  encoder: CardEncoder;
  signer: DocumentSigner;
  audit: AuditLog;
  /** The applicant's confirmation gate (gateway/applicant), when the station runs one. */
  intakeGate?: IntakeGate;
}

/**
 * The issuance workflow with its routes (issuances, stock, audit), started on the printer, the
 * encoder and the signer it is given. It is ready once the jobs a crash left inside the devices
 * are resolved (before new work is taken).
 */
export async function startIssuance(ctx: StationContext, deps: IssuanceDeps): Promise<IssuanceService> {
  const { printer, encoder, signer, audit } = deps;
  const { createIssuanceService } = await import('../issuance/service.js');
  const realPrinter = !ctx.registry.get(printer.printer.id)?.emulated;
  const issuance = await createIssuanceService({
    config: ctx.config,
    dataDir: ctx.dataDir,
    bus: ctx.bus,
    clock: ctx.clock,
    printer: printer.printer,
    encoder,
    signer,
    audit,
    ...(deps.intakeGate ? { intakeGate: deps.intakeGate } : {}),
    logger: ctx.logger.child({ area: 'issuance' }),
    options: {
      cardWaitMs: ctx.config.encoder.cardWaitMs,
      // The emulated printer's feeder is recorded as loaded stock (real blanks are recorded by hand).
      ...(realPrinter ? {} : { emulatedFeeder: ctx.config.printer.emulator.feederCards }),
    },
    produceCard: async (input, opts) => {
      const card = await producePrintableCardLazily(input, {
        ...opts,
        signer,
        now: new Date(ctx.clock.now()),
        dg2Budget: ctx.config.encoder.dg2MaxBytes,
        training: ctx.config.station.training,
      });
      assertPrintable(card.fonts, realPrinter);
      return card;
    },
  });
  // The printer's test card takes a blank: booked in the same ledger as issued cards.
  printer.books = {
    busy: () => issuance.busy(),
    assertBlank: () => issuance.assertBlank(),
    recordTestCard: (actor) => issuance.recordTestCard(actor),
  };
  let recovered = false;
  ctx.life.started({ name: 'issuance', stop: () => issuance.close(), ready: () => recovered });
  const { issuanceRoutes } = await import('../api/routes/issuances.js');
  const { stockRoutes } = await import('../api/routes/stock.js');
  const { auditRoutes } = await import('../api/routes/audit.js');
  const cfg = ctx.config.issuance;
  await ctx.api.register(issuanceRoutes, {
    prefix: ctx.apiPrefix,
    issuance,
    bus: ctx.bus,
    rules: () => ({
      today: new Date(ctx.clock.now()).toISOString().slice(0, 10),
      validityDays: cfg.validityDays,
      extraNationalities: cfg.extraNationalities,
    }),
  });
  await ctx.api.register(stockRoutes, { prefix: ctx.apiPrefix, issuance });
  await ctx.api.register(auditRoutes, { prefix: ctx.apiPrefix, audit });
  void issuance.recover().then(
    ({ resolved }) => {
      recovered = true;
      if (resolved.length) ctx.logger.warn({ jobs: resolved }, 'resolved jobs interrupted by a crash');
    },
    (err: Error) => ctx.logger.error({ err }, 'crash recovery failed'),
  );
  return issuance;
}
