import { join } from 'node:path';
import type { EventBus } from '../core/events.js';
import type { StationContext } from '../station.js';
import { realDeviceAddress } from '../config/emulators.js';
import { emulatorTiming } from '../../drivers/printer/emulator/timing.js';
import type { EmulatorFault } from '../../drivers/printer/emulator/faults.js';
import type { DeviceHealth, DeviceRegistry } from '../core/registry.js';
import { systemClock, type Clock } from '../core/clock.js';
import type {
  CardPrinter,
  PrinterFault,
  PrinterFaultCode,
  PrinterIdentity,
  PrinterStatus,
} from '../../drivers/printer/interface.js';

export interface PrinterAdapterLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface AttachPrinterDeps {
  registry: DeviceRegistry;
  bus: EventBus;
  logger: PrinterAdapterLogger;
  clock?: Clock;
  /** True for the embedded emulator, so nobody mistakes a test station for a real one. */
  emulated?: boolean;
  /** How many recent faults the technician page shows. */
  keepFaults?: number;
}

export interface PrinterFaultRecord {
  code: PrinterFaultCode;
  message: string;
  explanation: string;
  fix: string;
  needsOperator: boolean;
  at: string;
}

export interface PrinterAttachment {
  printer: CardPrinter;
  /** Last faults, newest first. */
  faults(): PrinterFaultRecord[];
  lastStatus(): PrinterStatus | null;
  identity(): PrinterIdentity | null;
  detach(): void;
  /**
   * Retention hook of the embedded emulator: delete its card images (personal data) written
   * before `olderThan`; absent for a real printer.
   */
  purgeOutputs?: (olderThan: Date) => Promise<number>;
  /** The embedded emulator's fault control (training drills); absent for a real printer. */
  emulator?: { inject(fault: EmulatorFault): void };
  /**
   * The card-stock books, set once issuance runs: maintenance that takes a blank (a test card)
   * is booked there, and no maintenance or console command runs while a job is queued or worked.
   */
  books?: MaintenanceBooks;
}

/** What the printer's maintenance routes need of the issuance books. */
export interface MaintenanceBooks {
  busy(): boolean;
  assertBlank(): void;
  recordTestCard(actor: string): Promise<void>;
}

/** Faults a person must act on make the device a fault; cleaning due only degrades it. */
const OPERATOR_FAULTS: readonly PrinterFaultCode[] = [
  'COVER_OPEN',
  'FEEDER_EMPTY',
  'RIBBON_ENDED',
  'RIBBON_MISSING',
  'CARD_JAM',
];

function healthFor(status: PrinterStatus): DeviceHealth {
  if (status.ready) return 'online';
  if (status.fault && OPERATOR_FAULTS.includes(status.fault)) return 'fault';
  return 'degraded';
}

/**
 * Wires a printer driver into the station: registers the device, turns its status polls,
 * faults and link changes into registry states, and tells people about faults on the bus
 * (`station:event`) once per change, not once per poll.
 */
export function attachPrinter(printer: CardPrinter, deps: AttachPrinterDeps): PrinterAttachment {
  const { registry, bus, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const keep = deps.keepFaults ?? 20;
  const faults: PrinterFaultRecord[] = [];
  let last: PrinterStatus | null = null;
  let identity: PrinterIdentity | null = null;
  let reportedFault: PrinterFaultCode | null = null;

  registry.register({
    id: printer.id,
    class: 'printer',
    driver: printer.driver,
    transport: printer.transport,
    emulated: deps.emulated ?? false,
  });

  const event = (level: 'info' | 'warning' | 'fault', code: string, message: string): void =>
    bus.emit('station:event', { level, code, message, source: printer.id });

  const record = (f: PrinterFault): void => {
    faults.unshift({
      code: f.code,
      message: f.message,
      explanation: f.explanation,
      fix: f.fix,
      needsOperator: f.needsOperator,
      at: new Date(clock.now()).toISOString(),
    });
    if (faults.length > keep) faults.length = keep;
  };

  const onStatus = (s: PrinterStatus): void => {
    last = s;
    registry.update(printer.id, {
      state: healthFor(s),
      seen: true,
      lastErrorCode: s.fault,
      lastErrorText: s.fault ? `printer reports ${s.fault}` : null,
      info: {
        ready: s.ready,
        ribbon: s.ribbon,
        feeder: s.feeder,
        coverOpen: s.coverOpen,
        cardInside: s.cardInside,
        needsCleaning: s.needsCleaning,
        counters: s.counters,
        sensors: s.sensors,
      },
    });
    if (s.fault !== reportedFault) {
      if (s.fault)
        event(
          OPERATOR_FAULTS.includes(s.fault) ? 'fault' : 'warning',
          `PRINTER_${s.fault}`,
          `Printer ${printer.id}: ${s.fault}`,
        );
      else if (reportedFault) event('info', 'PRINTER_READY', `Printer ${printer.id} is ready again`);
      reportedFault = s.fault;
    }
  };

  const onFault = (f: PrinterFault): void => {
    record(f);
    logger.warn({ printer: printer.id, code: f.code }, 'printer fault');
    registry.update(printer.id, {
      state: f.code === 'DISCONNECTED' ? 'offline' : f.needsOperator ? 'fault' : 'degraded',
      lastErrorCode: f.code,
      lastErrorText: f.explanation,
    });
    event(
      f.needsOperator || f.code === 'DISCONNECTED' ? 'fault' : 'warning',
      `PRINTER_${f.code}`,
      `${f.explanation} Fix: ${f.fix}`,
    );
  };

  const onConnection = (c: { connected: boolean; reason?: string }): void => {
    if (c.connected) {
      logger.info({ printer: printer.id }, 'printer connected');
      registry.update(printer.id, { state: 'online', seen: true, lastErrorCode: null, lastErrorText: null });
      printer
        .identity()
        .then((id) => {
          identity = id;
          registry.update(printer.id, { info: { identity: id } });
        })
        .catch((e: unknown) =>
          logger.warn(
            { printer: printer.id, code: (e as PrinterFault).code },
            'printer identity unavailable',
          ),
        );
    } else {
      registry.update(printer.id, {
        state: 'offline',
        lastErrorCode: 'DISCONNECTED',
        lastErrorText: c.reason ?? 'link lost',
      });
    }
  };

  printer.on('status', onStatus);
  printer.on('fault', onFault);
  printer.on('connection', onConnection);

  return {
    printer,
    faults: () => faults.map((f) => ({ ...f })),
    lastStatus: () => last,
    identity: () => identity,
    detach: () => {
      printer.off('status', onStatus);
      printer.off('fault', onFault);
      printer.off('connection', onConnection);
    },
  };
}

export const PRINTER_ID = 'printer-1';

/**
 * The station's printer, started: with `emulated` the printer emulator runs in-process on a
 * loopback TCP port (PNGs and JSON of printed cards under `<dataDir>/printer-emulator/`, 0600 in
 * a 0700 folder, purged after `printer.emulator.retainMs`). The
 * driver is attached to the registry and bus, the technician routes are registered, and the
 * link opens; a printer that is off does not stop the station (the driver keeps reconnecting
 * and the device shows offline).
 */
export async function startPrinter(
  ctx: StationContext,
  opts: {
    emulated: boolean;
    id?: string;
    /** A print line's printer: the shared section with the line's own address and ribbon. */
    cfg?: StationContext['config']['printer'];
    /** Register the technician routes for this printer alone (false: the caller registers them for all lines). */
    routes?: boolean;
  },
): Promise<PrinterAttachment> {
  const cfg = opts.cfg ?? ctx.config.printer;
  const id = opts.id ?? PRINTER_ID;
  const several = opts.routes === false;
  const logger = ctx.logger.child({ area: 'printer' });
  const { createPrinter } = await import('../../drivers/printer/factory.js');
  const { printerDevice } = await import('../../drivers/printer/device.js');
  const { printerRoutes } = await import('../api/routes/printer.js');
  let emulator: {
    control: { inject(f: EmulatorFault): void };
    close(): Promise<void>;
    url: string;
    controlUrl: string | null;
    purgeOutputs(olderThan: Date): Promise<number>;
  } | null = null;
  if (opts.emulated) {
    const { startPrinterEmulator } = await import('../../drivers/printer/emulator/index.js');
    emulator = await startPrinterEmulator({
      tcpPort: 0,
      panelMs: cfg.emulator.panelMs,
      feederCards: cfg.emulator.feederCards,
      ribbon: cfg.ribbon,
      // Card images hold personal data: 0600 in a 0700 folder, purged after retainMs.
      outDir: several ? join(ctx.dataDir, 'printer-emulator', id) : join(ctx.dataDir, 'printer-emulator'),
      ...emulatorTiming(cfg.emulator),
      retainMs: cfg.emulator.retainMs,
      maxFiles: cfg.emulator.maxFiles,
      controlPort: 0,
    });
    logger.info({ control: emulator.controlUrl }, 'embedded printer emulator control endpoint');
  }
  const printer = createPrinter(emulator?.url ?? realDeviceAddress('/printer/url', cfg.url), {
    id,
    commandTimeoutMs: cfg.commandTimeoutMs,
    pollIntervalMs: cfg.pollIntervalMs,
    ribbon: cfg.ribbon,
    logger,
  });
  const attachment = attachPrinter(printer, {
    registry: ctx.registry,
    bus: ctx.bus,
    logger,
    clock: ctx.clock,
    emulated: emulator !== null,
  });
  // Started and stopped through the one device contract, like every kind.
  const device = printerDevice(printer, { emulated: emulator !== null });
  const emu = emulator;
  if (emu) {
    attachment.purgeOutputs = (olderThan) => emu.purgeOutputs(olderThan);
    attachment.emulator = { inject: (f) => emu.control.inject(f) };
  }
  ctx.life.started({
    name: several ? `printer ${id}` : 'printer',
    async stop() {
      attachment.detach();
      await device.stop();
      await emulator?.close();
    },
    ready: () => true,
  });
  if (!several)
    await ctx.api.register(printerRoutes, {
      prefix: ctx.apiPrefix,
      printers: (pid: string) => (pid === id ? attachment : undefined),
      audit: ctx.audit,
    });
  await device.start().catch((e: unknown) => {
    logger.warn(
      { code: (e as { code?: string }).code },
      'printer not reachable yet; retrying in the background',
    );
  });
  return attachment;
}
