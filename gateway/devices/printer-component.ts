import { join } from 'node:path';
import type { StationComponent } from '../station.js';
import type { CardPrinter } from '../../drivers/printer/interface.js';
import type { PrinterAttachment } from './printer.js';

export interface PrinterStationComponent extends StationComponent {
  /** The station's printer once started (for the issuance service), or null when disabled. */
  readonly printer: CardPrinter | null;
  readonly attachment: PrinterAttachment | null;
  /** The embedded emulator's control URL when `printer.url` is 'emulator' (null otherwise). */
  readonly emulatorControlUrl: string | null;
}

/**
 * The printer part of `cardgate start`: with `printer.url: emulator` it starts the printer
 * emulator in-process on a loopback TCP port (PNGs and JSON of printed cards under
 * `<dataDir>/printer-emulator/`), creates the driver, attaches it to the registry and bus,
 * registers the technician routes and connects. A printer that is off does not stop the
 * station: the driver keeps reconnecting and the device shows offline.
 */
export function printerStationComponent(opts: { id?: string } = {}): PrinterStationComponent {
  const id = opts.id ?? 'printer-1';
  let printer: CardPrinter | null = null;
  let attachment: PrinterAttachment | null = null;
  let emulator: { close(): Promise<void>; controlUrl: string | null } | null = null;
  return {
    name: 'printer',
    get printer() {
      return printer;
    },
    get attachment() {
      return attachment;
    },
    get emulatorControlUrl() {
      return emulator?.controlUrl ?? null;
    },
    async start(ctx) {
      const cfg = ctx.config.printer;
      if (!cfg.enabled) return;
      const { createPrinter } = await import('../../drivers/printer/factory.js');
      const { attachPrinter } = await import('./printer.js');
      const { printerRoutes } = await import('../api/routes/printer.js');
      let url = cfg.url;
      if (url === 'emulator') {
        const { startPrinterEmulator } = await import('../../drivers/printer/emulator/index.js');
        const emu = await startPrinterEmulator({
          tcpPort: 0,
          panelMs: cfg.emulator.panelMs,
          feederCards: cfg.emulator.feederCards,
          ribbon: cfg.ribbon,
          outDir: join(ctx.dataDir, 'printer-emulator'),
          controlPort: 0,
        });
        emulator = emu;
        url = emu.url;
      }
      const logger = ctx.logger.child({ area: 'printer' });
      printer = createPrinter(url, {
        id,
        commandTimeoutMs: cfg.commandTimeoutMs,
        pollIntervalMs: cfg.pollIntervalMs,
        ribbon: cfg.ribbon,
        logger,
      });
      attachment = attachPrinter(printer, {
        registry: ctx.registry,
        bus: ctx.bus,
        logger,
        clock: ctx.clock,
        emulated: emulator !== null,
      });
      const a = attachment;
      await ctx.api.register(printerRoutes, {
        prefix: ctx.apiPrefix,
        printers: (pid: string) => (pid === id ? a : undefined),
        audit: ctx.audit,
      });
      await printer.connect().catch((e: unknown) => {
        logger.warn(
          { code: (e as { code?: string }).code },
          'printer not reachable yet; retrying in the background',
        );
      });
    },
    async stop() {
      attachment?.detach();
      await printer?.close();
      await emulator?.close();
      printer = null;
      attachment = null;
      emulator = null;
    },
    ready: () => true,
  };
}
