import { join } from 'node:path';
import type { StationComponent } from '../station.js';
import type { StationParts } from './parts.js';

export const PRINTER_ID = 'printer-1';

/**
 * The card printer: the configured one, or for `url: 'emulator'` the protocol emulator in this
 * process over loopback TCP (so the real driver and transport run), reported as emulated.
 */
export function printerComponent(parts: StationParts): StationComponent {
  let closeEmulator: (() => Promise<void>) | null = null;
  let started = false;
  return {
    name: 'printer',
    async start(ctx) {
      const cfg = ctx.config.printer;
      if (!cfg.enabled) return;
      const logger = ctx.logger.child({ device: PRINTER_ID });
      let url = cfg.url;
      if (url === 'emulator') {
        const { startPrinterEmulator } = await import('../../drivers/printer/emulator/server.js');
        const emu = await startPrinterEmulator({
          tcpPort: 0,
          host: '127.0.0.1',
          controlPort: 0,
          panelMs: cfg.emulator.panelMs,
          feederCards: cfg.emulator.feederCards,
          ribbon: cfg.ribbon,
          outDir: join(ctx.dataDir, 'printer-emulator'),
          log: (line) => logger.debug({ emulator: line }, 'printer emulator'),
        });
        closeEmulator = () => emu.close();
        url = emu.url;
        parts.printerEmulatorControl = emu.controlUrl;
        logger.info({ url, control: emu.controlUrl }, 'embedded printer emulator started');
      }
      const { createPrinter } = await import('../../drivers/printer/factory.js');
      const { attachPrinter } = await import('../devices/printer.js');
      const printer = createPrinter(url, {
        id: PRINTER_ID,
        commandTimeoutMs: cfg.commandTimeoutMs,
        pollIntervalMs: cfg.pollIntervalMs,
        ribbon: cfg.ribbon,
        logger,
      });
      parts.printer = attachPrinter(printer, {
        registry: ctx.registry,
        bus: ctx.bus,
        logger,
        clock: ctx.clock,
        emulated: closeEmulator !== null,
      });
      // A printer that is off or unplugged must not stop the station: the driver reconnects.
      await printer
        .connect()
        .catch((err: Error) => logger.warn({ err: err.message }, 'printer not reachable yet'));
      const { printerRoutes } = await import('../api/routes/printer.js');
      await ctx.api.register(printerRoutes, {
        prefix: ctx.apiPrefix,
        printers: (id: string) => (id === PRINTER_ID ? parts.printer : undefined),
        audit: ctx.audit,
      });
      started = true;
    },
    async stop() {
      await parts.printer?.printer.close().catch(() => {});
      parts.printer?.detach();
      await closeEmulator?.();
    },
    ready: () => !started || parts.printer !== undefined,
  };
}
