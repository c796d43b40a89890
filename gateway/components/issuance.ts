import type { StationComponent } from '../station.js';
import type { StationParts } from './parts.js';
import { assertPrintable } from './print-guard.js';
import { producePrintableCardLazily } from './lazy-produce.js';

/** The issuance workflow with its routes (issuances, stock, audit). Needs a printer, an encoder and the signer. */
export function issuanceComponent(parts: StationParts): StationComponent {
  let recovered = false;
  return {
    name: 'issuance',
    async start(ctx) {
      const { printer, encoder, signer, audit } = parts;
      if (!printer || !encoder || !signer || !audit) {
        ctx.logger.warn(
          { printer: !!printer, encoder: !!encoder },
          'issuance disabled: the station needs a printer and an encoder',
        );
        recovered = true;
        return;
      }
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
        logger: ctx.logger.child({ area: 'issuance' }),
        options: { cardWaitMs: ctx.config.encoder.cardWaitMs },
        produceCard: async (input, opts) => {
          const card = await producePrintableCardLazily(input, {
            ...opts,
            signer,
            now: new Date(ctx.clock.now()),
            dg2Budget: ctx.config.encoder.dg2MaxBytes,
          });
          assertPrintable(card.fonts, realPrinter);
          return card;
        },
      });
      parts.issuance = issuance;
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
      // Jobs a crash left inside the devices are resolved before new work is taken.
      void issuance.recover().then(
        ({ resolved }) => {
          recovered = true;
          if (resolved.length) ctx.logger.warn({ jobs: resolved }, 'resolved jobs interrupted by a crash');
        },
        (err: Error) => ctx.logger.error({ err }, 'crash recovery failed'),
      );
    },
    async stop() {
      await parts.issuance?.close();
    },
    ready: () => recovered,
  };
}
