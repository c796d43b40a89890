import type { StationContext } from '../station.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { PrinterAttachment } from '../devices/printer.js';
import type { CardEncoder } from '../../drivers/encoder/interface.js';
import type { DocumentSigner } from '../document/seal/signer.js';
import type { KeyStore } from '../keys/key-store.js';
import type { IssuanceService } from '../issuance/service.js';
import type { IntakeGate } from '../issuance/intake.js';
import { assertPrintable } from './print-guard.js';
import type { StationHandoff } from './handoff.js';
import { producePrintableCardLazily } from './lazy-produce.js';
import type { StartedLine } from '../lines/start-lines.js';

export interface IssuanceDeps {
  /** One printer and encoder (one line), or `lines`. */
  printer?: PrinterAttachment;
  encoder?: CardEncoder;
  /** The configured print lines (config `lines`), started by gateway/lines/start-lines.ts. */
  lines?: StartedLine[];
  signer: DocumentSigner;
  audit: AuditLog;
  /** Wraps the data keys (personal data at rest). */
  keyStore?: KeyStore;
  /** The applicant's confirmation gate (gateway/applicant), when the station runs one. */
  intakeGate?: IntakeGate;
  /** The hand-off to HQ (when enrolled): keeps unacknowledged personal data, sees each card made. */
  handoff?: Pick<StationHandoff, 'holds' | 'artefacts'> | null;
}

/**
 * The issuance workflow with its routes (issuances, stock, audit), started on the printer, the
 * encoder and the signer it is given. It is ready once the jobs a crash left inside the devices
 * are resolved (before new work is taken).
 */
export async function startIssuance(ctx: StationContext, deps: IssuanceDeps): Promise<IssuanceService> {
  const { signer, audit } = deps;
  const { createIssuanceService } = await import('../issuance/service.js');
  const attachments: Array<{ line: string; attachment: PrinterAttachment; emulated: boolean }> = deps.lines
    ? deps.lines.map((l) => ({ line: l.id, attachment: l.attachment, emulated: l.emulatedPrinter }))
    : [
        {
          line: 'line-1',
          attachment: deps.printer!,
          emulated: ctx.registry.get(deps.printer!.printer.id)?.emulated ?? false,
        },
      ];
  const realPrinter = attachments.some((a) => !a.emulated);
  const feeders: Record<string, number> = {};
  // An emulated printer's feeder is recorded as loaded stock (real blanks are recorded by hand).
  for (const a of attachments) if (a.emulated) feeders[a.line] = ctx.config.printer.emulator.feederCards;
  const issuance = await createIssuanceService({
    config: ctx.config,
    dataDir: ctx.dataDir,
    bus: ctx.bus,
    clock: ctx.clock,
    ...(deps.lines ? { lines: deps.lines } : { printer: deps.printer!.printer, encoder: deps.encoder! }),
    signer,
    audit,
    ...(deps.keyStore ? { keyStore: deps.keyStore } : {}),
    ...(deps.intakeGate ? { intakeGate: deps.intakeGate } : {}),
    ...(deps.handoff ? { personalDataHold: deps.handoff.holds } : {}),
    logger: ctx.logger.child({ area: 'issuance' }),
    options: {
      cardWaitMs: ctx.config.encoder.cardWaitMs,
      ...(Object.keys(feeders).length ? { emulatedFeeder: feeders } : {}),
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
      deps.handoff?.artefacts.produced(input.person.documentNumber, {
        mrz: card.mrz ?? null,
        seal: card.seal,
      });
      return card;
    },
  });
  // The printer's test card takes a blank: booked on its line in the same ledger as issued cards.
  for (const { line, attachment } of attachments)
    attachment.books = {
      busy: () => issuance.busy(line),
      assertBlank: () => issuance.assertBlank(line),
      recordTestCard: (actor) => issuance.recordTestCard(actor, line),
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
  const { lineRoutes } = await import('../lines/routes.js');
  await ctx.api.register(lineRoutes, { prefix: ctx.apiPrefix, issuance });
  void issuance.recover().then(
    ({ resolved }) => {
      recovered = true;
      if (resolved.length) ctx.logger.warn({ jobs: resolved }, 'resolved jobs interrupted by a crash');
    },
    (err: Error) => ctx.logger.error({ err }, 'crash recovery failed'),
  );
  return issuance;
}
